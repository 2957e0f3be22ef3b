// Runs the real `paydesk` commands in-process on a test runtime's data: same configuration (with any
// overrides), clock and database schema; captures what they print.
import type { Config } from "../config.ts";
import { runCli } from "../cli.ts";
import type { CliIo } from "../cli/cli-io.ts";
import type { RuntimeOptions } from "../runtime.ts";
import type { TestRuntime } from "./harness.ts";

export type CliRun = { code: number; stdout: string; stderr: string };

export async function runCliOn(
  rt: Pick<TestRuntime, "config" | "options">,
  argv: string[],
  opts: { config?: Partial<Config>; stdin?: Buffer; runtime?: RuntimeOptions } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readStdin: async (maxBytes = Infinity) => (opts.stdin ?? Buffer.alloc(0)).subarray(0, maxBytes),
    loadConfig: () => ({ ...rt.config, ...opts.config }),
    runtimeOptions: () => ({ ...rt.options, ...opts.runtime }),
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.map((l) => `${l}\n`).join(""), stderr: err.map((l) => `${l}\n`).join("") };
}
