// What a command works with: results on stdout, problems (and logs) on stderr, standard input, the
// configuration and the runtime. Tests pass their own to run the real commands in-process.
import { loadConfig, type Config } from "../config.ts";
import type { Ctx } from "../context.ts";
import { createLogger } from "../logger.ts";
import { openRuntime, type Runtime, type RuntimeOptions } from "../runtime.ts";

export type CliIo = {
  out(line: string): void;
  err(line: string): void;
  /** Standard input; past `maxBytes` bytes, only those are kept (the rest is read and dropped). */
  readStdin(maxBytes?: number): Promise<Buffer>;
  loadConfig(): Config;
  /** How commands open the runtime: by default logging to stderr, so stdout carries only the result. */
  runtimeOptions(config: Config): RuntimeOptions;
};

export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  async readStdin(maxBytes = Infinity) {
    const chunks: Buffer[] = [];
    let kept = 0;
    // Read to the end even past the limit, so the writer (an MTA) is not left blocked on a full pipe.
    for await (const chunk of process.stdin) {
      const room = maxBytes - kept;
      if (room <= 0) continue;
      const part = (chunk as Buffer).length > room ? (chunk as Buffer).subarray(0, room) : (chunk as Buffer);
      chunks.push(part);
      kept += part.length;
    }
    return Buffer.concat(chunks);
  },
  loadConfig: () => loadConfig(),
  runtimeOptions: (config) => ({ log: createLogger(config.logLevel, "stderr") }),
};

export async function openCliRuntime(io: CliIo, config: Config): Promise<Runtime> {
  return openRuntime(config, io.runtimeOptions(config));
}

/** Runs `fn` on a runtime opened for it, and closes that afterwards. */
export async function withRuntime<T>(io: CliIo, config: Config, fn: (ctx: Ctx, runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openCliRuntime(io, config);
  try {
    return await fn(runtime.ctx, runtime);
  } finally {
    await runtime.close();
  }
}

export function printTable(io: CliIo, rows: Record<string, unknown>[]): void {
  if (rows.length === 0) return io.out("(none)");
  // Fields with no value are left out: `error=` at the end of every healthy line reads like a problem.
  for (const r of rows) io.out(Object.entries(r).filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => `${k}=${v}`).join("  "));
}
