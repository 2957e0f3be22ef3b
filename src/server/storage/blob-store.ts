// Where bytes live (raw mail, attachments, composed mail). The embedded default keeps small blobs in the
// database and large ones on local disk (tiered-store.ts); an S3 store can implement the same.
/** Keys are written once: each names one content for good (an id, or the content's own hash). */
export type BlobStore = {
  /**
   * Writes durably. Inside a transaction (the one inTransaction opened for this call chain), a blob the
   * store keeps in the database is written in it and becomes durable with its commit; otherwise it is
   * durable when this resolves.
   */
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
};
