// The contact form's two commands: a customer submits a request; a first-time sender confirms it.
// A valid request becomes an e-mail (form-mail.ts) accepted through acceptInbound like any other mail: kept
// durably at once, then processed by the same pipeline — right away for known addresses, after the click
// on the mailed link for new ones (when webForm.confirmNewAddresses is on).
import { createHash } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import type { PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { sniffContentType } from "../../modules/attachments/sniff.ts";
import { findCustomerByAddress } from "../../modules/customers/customer.commands.ts";
import { domainOf, splitPlusAddress, type Mailbox } from "../../modules/mailboxes/mailbox.ts";
import { acceptInbound, resolveMailbox } from "../accept.ts";
import { releaseHeldInbound, UNCONFIRMED_REASON } from "../held-inbound.ts";
import { isConfirmationSignature, queueConfirmationMail } from "./confirmation-mail.ts";
import { acceptedAttachmentTypes, formLimits, validateFormValues, type FieldError, type RawFormValues, type WebFormFields } from "./form-fields.ts";
import { composeFormMail, type FormFile } from "./form-mail.ts";
import { processInboundNow, type ProcessedNow } from "./process-now.ts";
import { addressKey } from "../address-key.ts";

export type UploadedFile = {
  filename: string;
  bytes: Buffer;
  /** The upload went past the size limit and was cut off while reading. */
  truncated: boolean;
};

export type SubmitInput = {
  values: RawFormValues;
  files: UploadedFile[];
  /** More file parts arrived than the form allows (the extra ones were not read). */
  tooManyFiles: boolean;
  remoteIp: string;
  language: PortalLanguage;
};

export type SubmitOutcome =
  | { kind: "invalid"; errors: FieldError[] }
  | { kind: "rate_limited" }
  | { kind: "held"; email: string; confirmHours: number }
  | { kind: "accepted"; fields: WebFormFields; result: ProcessedNow };

export type ConfirmOutcome =
  | { kind: "invalid" }
  | { kind: "expired" }
  | { kind: "confirmed"; result: ProcessedNow };

/** A second press of "Send" within this time answers with the first request instead of making another. */
const RESUBMIT_WINDOW_MS = 10 * 60_000;
const HOLD_REASON = "web form: waiting for the sender to confirm a first-time address";

/** Path separators and control characters become "_" (a name is shown to agents and written into the mail). */
const cleanFilename = (name: string) =>
  [...name].map((ch) => (ch === "/" || ch === "\\" || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? "_" : ch)).join("").trim().slice(0, 200) || "file";

/** Files as the server sees them: counted, sized and typed by their bytes, never by the browser's label. */
export function checkFiles(files: UploadedFile[], tooManyFiles: boolean): { accepted: FormFile[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const accepted: FormFile[] = [];
  const present = files.filter((f) => f.filename !== "" || f.bytes.length > 0);
  if (tooManyFiles || present.length > formLimits.maxFiles) errors.push({ field: "attachments", code: "too_many_files" });
  for (const f of present.slice(0, formLimits.maxFiles)) {
    const filename = cleanFilename(f.filename);
    if (f.truncated || f.bytes.length > formLimits.maxFileBytes) {
      errors.push({ field: "attachments", code: "file_too_large", file: filename });
      continue;
    }
    if (f.bytes.length === 0) {
      errors.push({ field: "attachments", code: "file_empty", file: filename });
      continue;
    }
    const type = sniffContentType(f.bytes);
    if (!type || !acceptedAttachmentTypes.has(type)) {
      errors.push({ field: "attachments", code: "file_type", file: filename });
      continue;
    }
    accepted.push({ filename, contentType: type, content: f.bytes });
  }
  return { accepted, errors };
}

function chooseMailbox(ctx: Ctx, fields: WebFormFields): string {
  const { config } = ctx.services;
  if (fields.category === "complaint" && config.webForm.complaintsMailbox) return config.webForm.complaintsMailbox;
  return config.mailboxes[0]!.address;
}

/** The same request sent twice gets the same Message-ID, so a double click finds the first one. */
function requestFingerprint(fields: WebFormFields, files: FormFile[]): string {
  const h = createHash("sha256").update(JSON.stringify(fields));
  for (const f of files) h.update(createHash("sha256").update(f.content).digest("hex")).update(f.filename);
  return h.digest("hex").slice(0, 32);
}

async function countRecentRequests(ctx: Ctx, email: string): Promise<number> {
  const since = new Date(ctx.clock.now().getTime() - 3600_000).toISOString();
  const row = await ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("channel", "=", "web_form").where("address_key", "=", addressKey(email)).where("received_at", ">=", since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function findRecentSame(ctx: Ctx, messageId: string) {
  const since = new Date(ctx.clock.now().getTime() - RESUBMIT_WINDOW_MS).toISOString();
  return ctx.db.selectFrom("inbound").select(["id", "status"])
    .where("channel", "=", "web_form").where("message_id_header", "=", messageId).where("received_at", ">=", since)
    .orderBy("received_at", "desc").executeTakeFirst();
}

export async function submitWebForm(ctx: Ctx, input: SubmitInput): Promise<SubmitOutcome> {
  const { config } = ctx.services;
  const { fields, errors } = validateFormValues(input.values);
  const files = checkFiles(input.files, input.tooManyFiles);
  if (fields) {
    const own = new Set(config.mailboxes.map((m) => m.address));
    // Our own address as the sender would only loop back to us.
    if (own.has(splitPlusAddress(fields.email).base)) errors.push({ field: "email", code: "invalid" });
  }
  if (!fields || errors.length > 0 || files.errors.length > 0) return { kind: "invalid", errors: [...errors, ...files.errors] };

  const mailboxAddress = chooseMailbox(ctx, fields);
  const mailbox: Mailbox | undefined = await resolveMailbox(ctx, { envelope: { mailFrom: null, rcptTo: [] }, mailboxAddress });
  if (!mailbox) throw new AppError("unknown_recipient", `${mailboxAddress} is not a support mailbox here`);
  const messageId = `<webform.${requestFingerprint(fields, files.accepted)}@${domainOf(mailbox.address)}>`;
  const earlier = await findRecentSame(ctx, messageId);
  if (earlier) {
    if (earlier.status === "held") return { kind: "held", email: fields.email, confirmHours: config.webForm.confirmHours };
    return { kind: "accepted", fields, result: await processInboundNow(ctx, earlier.id) };
  }
  if ((await countRecentRequests(ctx, fields.email)) >= config.webForm.maxPerAddressPerHour) return { kind: "rate_limited" };

  const raw = await composeFormMail({
    fields, files: files.accepted, to: { address: mailbox.address, name: mailbox.name }, messageId, date: ctx.clock.now(), language: input.language,
  });
  const hold = config.webForm.confirmNewAddresses && !(await findCustomerByAddress(ctx, fields.email));
  const accepted = await acceptInbound(ctx, {
    channel: "web_form",
    raw,
    envelope: { mailFrom: fields.email, rcptTo: [mailbox.address], remoteIp: input.remoteIp },
    mailboxAddress: mailbox.address,
    ...(hold
      ? {
        hold: { reason: HOLD_REASON, until: new Date(ctx.clock.now().getTime() + config.webForm.confirmHours * 3600_000) },
        alsoInTransaction: (tx: Ctx, inboundId: string) => queueConfirmationMail(tx, { inboundId, to: fields.email, mailbox, language: input.language }),
      }
      : {}),
  });
  if (hold) return { kind: "held", email: fields.email, confirmHours: config.webForm.confirmHours };
  return { kind: "accepted", fields, result: await processInboundNow(ctx, accepted.inboundId) };
}

/** Whether a confirmation link is genuine and still waiting (what the page offers before the click). */
export async function inspectConfirmation(ctx: Ctx, inboundId: string, signature: string): Promise<"waiting" | "done" | "expired" | "invalid"> {
  if (!isConfirmationSignature(ctx, inboundId, signature)) return "invalid";
  const row = await ctx.db.selectFrom("inbound").select(["status", "reason", "channel"]).where("id", "=", inboundId).executeTakeFirst();
  if (!row || row.channel !== "web_form") return "invalid";
  if (row.status === "held") return "waiting";
  if (row.status === "dropped" && row.reason === UNCONFIRMED_REASON) return "expired";
  return "done";
}

/** The sender clicked the mailed link: the request enters the pipeline now (again: the same answer). */
export async function confirmWebForm(ctx: Ctx, inboundId: string, signature: string): Promise<ConfirmOutcome> {
  const state = await inspectConfirmation(ctx, inboundId, signature);
  if (state === "invalid") return { kind: "invalid" };
  if (state === "expired") return { kind: "expired" };
  if (state === "waiting") {
    const confirmedAt = ctx.clock.now().toISOString();
    await releaseHeldInbound(ctx, inboundId, (e) => ({ ...e, webFormConfirmedAt: confirmedAt }));
  }
  return { kind: "confirmed", result: await processInboundNow(ctx, inboundId) };
}
