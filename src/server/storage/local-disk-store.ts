// Blob store on the local file system: write to a temp file, fsync, rename, fsync the directory.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import type { Vault } from "../security/vault.ts";

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Syncs the parent of each directory from `first` (the outermost new one) down to `dir`. */
async function fsyncNewDirectories(first: string, dir: string): Promise<void> {
  const created = [dir];
  while (created[0] !== first && dirname(created[0]!) !== created[0]) created.unshift(dirname(created[0]!));
  for (const made of created) await fsyncDir(dirname(made));
}

/** Blobs are sealed with the vault before they touch the disk. */
export function createLocalDiskStore(root: string, vault: Vault): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!/^[a-z0-9][a-z0-9/_.-]*$/i.test(key) || key.includes("..")) throw new Error(`invalid blob key: ${key}`);
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new Error(`invalid blob key: ${key}`);
    return p;
  };
  const createdDirs = new Set<string>();
  return {
    async put(key, bytes) {
      const target = pathOf(key);
      const dir = dirname(target);
      if (!createdDirs.has(dir)) {
        const firstCreated = await mkdir(dir, { recursive: true });
        // A new directory (a new day's raw/YYYY-MM-DD) is itself an entry in its parent: synced too, or
        // a power failure could take the directory, and the synced file in it, back.
        if (firstCreated) await fsyncNewDirectories(firstCreated, dir);
        createdDirs.add(dir);
      }
      const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      const handle = await open(tmp, "w");
      try {
        await handle.writeFile(vault.seal(bytes));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
      await fsyncDir(dir);
    },
    async get(key) {
      return vault.open(await readFile(pathOf(key)));
    },
    async exists(key) {
      try {
        await stat(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
