// Small blobs in the database, large ones in the external store (local disk by default). Most mail is a
// few KB to a few hundred KB: kept as a row in the transaction that refers to it, it costs that
// transaction's one commit, where a file costs two fsyncs and six more file-system round trips.
import type { DbExecutor } from "../db/connect.ts";
import { currentTransaction } from "../db/transaction-scope.ts";
import type { Vault } from "../security/vault.ts";
import type { BlobStore } from "./blob-store.ts";

export type TieredStoreOptions = {
  db: DbExecutor;
  vault: Vault;
  /** Where blobs above the limit go. */
  external: BlobStore;
  /** Largest blob kept in the database, in bytes (0: none). */
  inlineMaxBytes: number;
};

export function createTieredStore({ db, vault, external, inlineMaxBytes }: TieredStoreOptions): BlobStore {
  // Inside a transaction everything goes through it: on SQLite it holds the one connection.
  const executor = () => currentTransaction() ?? db;
  const findInline = (key: string) => executor().selectFrom("blobs").select("sealed").where("key", "=", key).executeTakeFirst();
  const isInline = async (key: string) => (await executor().selectFrom("blobs").select("key").where("key", "=", key).executeTakeFirst()) !== undefined;
  return {
    async put(key, bytes) {
      // Keys are written once: a content-addressed key (an attachment) seen again already holds these bytes.
      if (bytes.length > inlineMaxBytes) return (await external.exists(key)) ? undefined : external.put(key, bytes);
      await executor().insertInto("blobs")
        .values({ key, sealed: vault.seal(bytes), size: bytes.length, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    },
    async get(key) {
      const row = await findInline(key);
      return row ? vault.open(Buffer.from(row.sealed)) : external.get(key);
    },
    async exists(key) {
      return (await isInline(key)) || external.exists(key);
    },
    async delete(key) {
      await executor().deleteFrom("blobs").where("key", "=", key).execute();
      await external.delete(key);
    },
  };
}
