// Where bytes live (raw mail, attachments). Local disk by default; an S3 store can implement the same.
export type BlobStore = {
  /** Writes durably: when this resolves the bytes survive a crash. */
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
};
