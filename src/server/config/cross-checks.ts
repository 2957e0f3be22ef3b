// Settings that must agree with each other, caught at start rather than when a poller or form first
// needs them. Each comparison runs whenever the settings it compares are valid themselves, even when
// others are not, so one start lists every problem.
import { accessSync, constants } from "node:fs";
import type { z } from "zod";

type Path = readonly PropertyKey[];

/** The part of the configuration these checks compare. */
export type ComparedSettings = {
  mailboxes: { address: string }[];
  webForm: { complaintsMailbox?: string | undefined };
  imap: { name: string; mailbox?: string | undefined }[];
  smtp: { tlsKeyFile?: string | undefined; tlsCertFile?: string | undefined };
};

/** One path lies within the other (a broken group makes every setting inside it unusable). */
function overlaps(a: Path, b: Path): boolean {
  const shared = Math.min(a.length, b.length);
  return a.slice(0, shared).every((key, i) => key === b[i]);
}

export function checkSettingsAgree(config: ComparedSettings, ctx: z.core.$RefinementCtx): void {
  // A misspelt neighbour does not make a setting unusable.
  const problems = ctx.issues.filter((issue) => issue.code !== "unrecognized_keys");
  const valid = (...path: Path) => !problems.some((issue) => overlaps(issue.path ?? [], path));
  const addresses = valid("mailboxes") ? config.mailboxes.map((m) => m.address) : null;
  const notAMailbox = (address: string | undefined) => address !== undefined && addresses !== null && !addresses.includes(address.toLowerCase());
  const mailboxRule = `must be one of the configured mailboxes (${addresses?.join(", ")})`;

  if (valid("smtp")) checkTlsFiles(config.smtp, ctx);

  const complaints = valid("webForm", "complaintsMailbox") ? config.webForm.complaintsMailbox : undefined;
  if (notAMailbox(complaints)) ctx.addIssue({ code: "custom", path: ["webForm", "complaintsMailbox"], message: mailboxRule, input: complaints });

  if (!Array.isArray(config.imap)) return;
  const names = new Set<string>();
  config.imap.forEach((account, i) => {
    if (valid("imap", i, "name")) {
      if (names.has(account.name)) ctx.addIssue({ code: "custom", path: ["imap", i, "name"], message: "must differ from the other IMAP accounts' names", input: account.name });
      names.add(account.name);
    }
    if (valid("imap", i, "mailbox") && notAMailbox(account.mailbox)) {
      ctx.addIssue({ code: "custom", path: ["imap", i, "mailbox"], message: mailboxRule, input: account.mailbox });
    }
  });
}

/** STARTTLS needs both files, readable: one alone would silently switch it off. */
function checkTlsFiles(smtp: ComparedSettings["smtp"], ctx: z.core.$RefinementCtx): void {
  const files = [["tlsKeyFile", smtp.tlsKeyFile], ["tlsCertFile", smtp.tlsCertFile]] as const;
  const given = files.filter(([, file]) => file !== undefined);
  if (given.length === 1) {
    const [missing] = files.find(([, file]) => file === undefined)!;
    ctx.addIssue({ code: "custom", path: ["smtp", missing], message: "must be set too: STARTTLS needs both the key and the certificate file", input: undefined });
  }
  for (const [name, file] of given) {
    try {
      accessSync(file!, constants.R_OK);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["smtp", name], message: `must be a file PayDesk can read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, input: file });
    }
  }
}
