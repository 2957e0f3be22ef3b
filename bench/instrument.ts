// Bench-only timing hooks for `--profile`: where a message's time goes, by stage, without touching src/.
// Wraps the pipeline's filters and job handlers in place, and counts file fsyncs and SQLite statements
// (split into COMMIT and the rest) under whichever stage is running when they happen.
//
// Some diagnostics behind `--what-if` live here too: each changes how PayDesk runs to price one thing
// (fsync, statement preparation). They are never a configuration to run with.
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { pipelineFilters } from "../src/server/ingest/pipeline.ts";
import type { JobDefinition } from "../src/server/jobs/job.ts";
import type { BlobStore } from "../src/server/storage/blob-store.ts";
import { allJobs } from "../src/server/runtime.ts";

type Tally = { calls: number; ms: number };

export type Profile = {
  /** Wall time per stage; stages nest (a filter runs inside a job), so they are listed separately. */
  stages: Map<string, Tally>;
  /** File fsyncs and SQLite work attributed to the stage that was running. */
  io: Map<string, Map<string, Tally>>;
  /** SQLite time per statement text (whitespace folded), whichever stage ran it. */
  statements: Map<string, Tally>;
  /** Recording stops here (the hooks stay, cheap); readings are only meaningful for sequential work. */
  enabled: boolean;
  reset(): void;
};

let current = "other";

function add(map: Map<string, Tally>, key: string, ms: number) {
  const t = map.get(key);
  if (t) {
    t.calls += 1;
    t.ms += ms;
  } else map.set(key, { calls: 1, ms });
}

async function timed<T>(profile: Profile, stage: string, fn: () => Promise<T>): Promise<T> {
  if (!profile.enabled) return fn();
  const previous = current;
  current = stage;
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    add(profile.stages, stage, performance.now() - t0);
    current = previous;
  }
}

export async function timeStage<T>(profile: Profile | null, stage: string, fn: () => Promise<T>): Promise<T> {
  return profile ? timed(profile, stage, fn) : fn();
}

/** The FileHandle class is not exported; reach its prototype through a handle. */
async function fileHandlePrototype(dir: string): Promise<{ sync(): Promise<void>; datasync(): Promise<void> }> {
  const probe = join(dir, `.probe-${process.pid}`);
  const handle = await open(probe, "w");
  const proto = Object.getPrototypeOf(handle) as { sync(): Promise<void>; datasync(): Promise<void> };
  await handle.close();
  await rm(probe, { force: true });
  return proto;
}

type StatementProto = { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown; get(...a: unknown[]): unknown; source: string };
type DatabaseProto = { prepare(sql: string): unknown };

function sqliteKind(source: string): string {
  const s = source.trimStart().slice(0, 12).toLowerCase();
  if (s.startsWith("commit")) return "sqlite commit";
  if (s.startsWith("begin")) return "sqlite begin";
  if (s.startsWith("select")) return "sqlite select";
  return "sqlite write";
}

/** Installs the hooks; call once, before the runtime opens. */
export async function installProfile(dir: string): Promise<Profile> {
  const profile: Profile = {
    stages: new Map(),
    io: new Map(),
    statements: new Map(),
    enabled: true,
    reset() {
      this.stages.clear();
      this.io.clear();
      this.statements.clear();
    },
  };
  const io = (kind: string, ms: number) => {
    if (!profile.enabled) return;
    let m = profile.io.get(current);
    if (!m) profile.io.set(current, (m = new Map()));
    add(m, kind, ms);
  };

  // After the last filter, runPipeline commits: time from there to the end of the job is the commit.
  let commitStart: number | null = null;
  const last = pipelineFilters.length - 1;
  for (const [i, filter] of pipelineFilters.entries()) {
    const inner = filter.run.bind(filter);
    pipelineFilters[i] = {
      name: filter.name,
      run: async (ctx, msg) => {
        const decision = await timed(profile, `filter ${filter.name}`, () => inner(ctx, msg));
        if (i === last && decision.kind === "continue" && profile.enabled) {
          current = "commit";
          commitStart = performance.now();
        }
        return decision;
      },
    };
  }
  for (const job of allJobs as unknown as JobDefinition[]) {
    const inner = job.handle.bind(job);
    job.handle = (ctx, payload) => timed(profile, `job ${job.kind}`, async () => {
      try {
        return await inner(ctx, payload);
      } finally {
        if (commitStart !== null && profile.enabled) add(profile.stages, "commit", performance.now() - commitStart);
        commitStart = null;
      }
    });
  }

  const fh = await fileHandlePrototype(dir);
  for (const [method, kind] of [["sync", "fsync (file or directory)"], ["datasync", "fdatasync (SQLite's log)"]] as const) {
    const inner = fh[method];
    fh[method] = async function (this: unknown) {
      const t0 = performance.now();
      try {
        return await inner.call(this);
      } finally {
        io(kind, performance.now() - t0);
      }
    };
  }

  const probe = new SqliteDatabase(":memory:");
  const stmtProto = Object.getPrototypeOf(probe.prepare("select 1")) as StatementProto;
  const dbProto = Object.getPrototypeOf(probe) as DatabaseProto;
  probe.close();
  for (const method of ["run", "all", "get"] as const) {
    const inner = stmtProto[method];
    stmtProto[method] = function (this: StatementProto, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return inner.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        io(sqliteKind(this.source), ms);
        if (profile.enabled) add(profile.statements, this.source.replace(/\s+/g, " ").trim(), ms);
      }
    };
  }
  const prepare = dbProto.prepare;
  dbProto.prepare = function (this: unknown, source: string) {
    const t0 = performance.now();
    try {
      return prepare.call(this, source);
    } finally {
      io("sqlite prepare", performance.now() - t0);
    }
  };
  return profile;
}

/** Times the blob store's calls (a put includes its two fsyncs, also counted on their own). */
export function profileBlobs(profile: Profile, services: { blobs: BlobStore }): void {
  const inner = services.blobs;
  const io = (kind: string, ms: number) => {
    if (!profile.enabled) return;
    let m = profile.io.get(current);
    if (!m) profile.io.set(current, (m = new Map()));
    add(m, kind, ms);
  };
  const wrap = <A extends unknown[], R>(kind: string, fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const t0 = performance.now();
    try {
      return await fn(...a);
    } finally {
      io(kind, performance.now() - t0);
    }
  };
  services.blobs = {
    put: wrap("blob put (incl. fsyncs)", inner.put.bind(inner)),
    get: wrap("blob get", inner.get.bind(inner)),
    exists: wrap("blob exists", inner.exists.bind(inner)),
    delete: inner.delete.bind(inner),
  };
}

/** `--what-if no-fsync`: file fsyncs return at once (blob store, outbox, SQLite's log). Diagnostic only. */
export async function disableFileFsync(dir: string): Promise<void> {
  const fh = await fileHandlePrototype(dir);
  fh.sync = async () => {};
  fh.datasync = async () => {};
}
