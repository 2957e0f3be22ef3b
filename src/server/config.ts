// The only reader of process.env. One schema (config/schema.ts), every key documented in docs/configuration.md.
// Sources, later wins: built-in defaults < paydesk.config.json < environment variables.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { settingsFromEnv, unknownVariableProblems, type Env } from "./config/environment.ts";
import { describeIssues, plainWords, type Origin } from "./config/problems.ts";
import { configSchema, type imapAccountSchema } from "./config/schema.ts";

export type Config = z.output<typeof configSchema>;
export type ImapAccountConfig = z.output<typeof imapAccountSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`PayDesk configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

type Checked = { config: Config; problems: [] } | { config: null; problems: string[] };

function check(input: unknown, origin?: Origin): Checked {
  const result = configSchema.safeParse(input, { reportInput: true, error: plainWords });
  return result.success ? { config: result.data, problems: [] } : { config: null, problems: describeIssues(result.error.issues, configSchema, origin) };
}

/** Validates raw input; throws ConfigError listing every problem at once. */
export function parseConfig(input: unknown): Config {
  const { config, problems } = check(input);
  if (!config) throw new ConfigError(problems);
  return config;
}

function readFileSettings(file: string, shownAs: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([`${file}: not valid JSON (${(err as Error).message})`]);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError([`${shownAs}: must hold one JSON object of settings, { "publicUrl": "https://…", … }`]);
  }
  return parsed as Record<string, unknown>;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const shownAs = env.PAYDESK_CONFIG ?? "paydesk.config.json";
  const file = resolve(cwd, shownAs);
  let fileSettings: Record<string, unknown> = {};
  if (existsSync(file)) fileSettings = readFileSettings(file, shownAs);
  else if (env.PAYDESK_CONFIG) throw new ConfigError([`PAYDESK_CONFIG points to ${file}, which does not exist`]);

  const fromEnv = settingsFromEnv(env);
  const origin: Origin = {
    variableAt: fromEnv.variableAt,
    fileAt: (path) => (path.length === 0 || Object.hasOwn(fileSettings, path[0]!) ? shownAs : undefined),
  };
  const { config, problems } = check(deepMerge(fileSettings, fromEnv.values), origin);
  const allProblems = [...problems, ...unknownVariableProblems(env)];
  if (!config || allProblems.length) throw new ConfigError(allProblems);
  return { ...config, dataDir: resolve(cwd, config.dataDir) };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && prev && typeof prev === "object" && !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}
