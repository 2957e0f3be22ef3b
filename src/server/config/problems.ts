// Turns validation issues into the lines an operator reads: where the value came from (the variable, or
// the file and the setting), what is expected in plain words, and what was written instead.
import type { z } from "zod";
import { closestName } from "./did-you-mean.ts";
import { secretSettings } from "./schema.ts";
import { settingNamesAt } from "./setting-names.ts";

type Path = readonly PropertyKey[];

/** Where the value at a path came from; neither means a built-in default or a value handed to parseConfig. */
export type Origin = {
  variableAt(path: Path): string | undefined;
  fileAt(path: Path): string | undefined;
};

const noOrigin: Origin = { variableAt: () => undefined, fileAt: () => undefined };

/** Wording for the issues the schema does not word itself. */
export const plainWords: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== "invalid_type") return undefined;
  if (issue.expected === "object") return "must be a group of settings in braces { }";
  if (issue.expected === "array") return "must be a list in brackets [ ]";
  return `must be ${issue.expected}`;
};

export function describeIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType, origin: Origin = noOrigin): string[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => unknownSetting([...issue.path, key], schema, origin))
      : [located(issue.path, origin, plainMessage(issue))],
  );
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return "is missing";
  return `${issue.message}${got(issue)}${meant(issue)}`;
}

const dotted = (path: Path) => (path.length ? path.map(String).join(".") : "the configuration");

/** A value from a variable is named by the variable; one from the file by the file and the setting. */
function located(path: Path, origin: Origin, message: string): string {
  const variable = origin.variableAt(path);
  if (variable) return `${variable}: ${message}`;
  const file = origin.fileAt(path);
  return `${file ? `${file}: ` : ""}${dotted(path)}: ${message}`;
}

function unknownSetting(path: Path, schema: z.core.$ZodType, origin: Origin): string {
  const group = path.slice(0, -1);
  const meant = closestName(String(path.at(-1)), settingNamesAt(schema, group));
  const file = origin.fileAt(path);
  return `${file ? `${file}: ` : ""}unknown setting ${dotted(path)}${meant ? ` — did you mean ${dotted([...group, meant])}?` : ""}`;
}

/**
 * A secret, or a setting that holds one (`relay` written as a URL with its password where a group belongs,
 * `imap.0` as a string): never quoted back. A value that carries credentials in a URL is not quoted either.
 */
const isSecret = (path: Path) =>
  secretSettings.some((pattern) => {
    const parts = pattern.split(".");
    return path.length <= parts.length && path.every((step, i) => parts[i] === "*" || parts[i] === String(step));
  });
const hasCredentials = (value: unknown) => typeof value === "string" && /\/\/[^/\s@]*:[^/\s@]*@/.test(value);

/** What was written, when it helps and gives nothing away. */
function got(issue: z.core.$ZodIssue): string {
  const value = issue.input;
  if (value === undefined || isSecret(issue.path) || hasCredentials(value)) return "";
  if (Array.isArray(value)) return ", got a list";
  if (value !== null && typeof value === "object") return ", got a group of settings";
  const shown = JSON.stringify(value);
  return `, got ${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}`;
}

/** For a choice among names ("wrker"), the name that was probably meant. */
function meant(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_value" || typeof issue.input !== "string") return "";
  const name = closestName(issue.input, issue.values.map(String));
  return name ? ` — did you mean ${name}?` : "";
}
