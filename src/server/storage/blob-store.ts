// Where bytes live (raw mail, attachments, composed mail). The embedded default keeps small blobs in the
// database and large ones on local disk (tiered-store.ts); an S3 store can implement the same.
import type { DbExecutor } from "../db/connect.ts";

/** Keys are written once: each names one content for good (an id, or the content's own hash). */
export type BlobStore = {
  /**
   * Writes durably. Inside a transaction (`within`, or the one inTransaction opened for this call chain), a
   * blob the store keeps in the database is written in it and becomes durable with its commit; otherwise
   * it is durable when this resolves.
   */
  put(key: string, bytes: Buffer, within?: DbExecutor): Promise<void>;
  /** `within`: the open transaction (found by itself when inTransaction opened it). */
  get(key: string, within?: DbExecutor): Promise<Buffer>;
  exists(key: string, within?: DbExecutor): Promise<boolean>;
  delete(key: string): Promise<void>;
};
