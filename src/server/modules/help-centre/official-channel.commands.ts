// The official-channel registry: what admins edit, what the help centre shows, and what the lookalike
// detector treats as ours. Seeded once from the configuration (support mailboxes, the help centre's own
// address), so a fresh install already tells customers where to write.
import type { Config } from "../../config.ts";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { OfficialChannels } from "../lookalike/check-channel.ts";
import { domainOf } from "../mailboxes/mailbox.ts";
import {
  channelInputSchema, channelPatchSchema, checkChannelValue, hostOfWebValue, isSharedMailDomain,
  type ChannelInput, type ChannelPatch, type OfficialChannel,
} from "./official-channel.ts";
import {
  claimRegistrySeeding, countChannelRows, deleteChannelRow, findChannelRow, insertChannelRow, isRegistrySeeded,
  listChannelRows, updateChannelRow, type ChannelRow,
} from "./official-channel.repo.ts";
import { presentChannel } from "./official-channel.present.ts";

/** Every channel, published or not (the admin list). */
export async function listChannels(ctx: Ctx): Promise<OfficialChannel[]> {
  await ensureRegistrySeeded(ctx);
  return (await listChannelRows(ctx)).map(presentChannel);
}

/** What the help centre shows, in display order. */
export async function listPublishedChannels(ctx: Ctx): Promise<OfficialChannel[]> {
  await ensureRegistrySeeded(ctx);
  return (await listChannelRows(ctx, { publishedOnly: true })).map(presentChannel);
}

export async function createChannel(ctx: Ctx, raw: unknown): Promise<OfficialChannel> {
  const input: ChannelInput = channelInputSchema.parse(raw);
  assertValue(input.kind, input.value);
  await ensureRegistrySeeded(ctx);
  const now = nowIso(ctx);
  const row: ChannelRow = {
    id: newId(ctx.clock.now().getTime()), kind: input.kind, purpose: input.purpose, value: input.value,
    label_en: input.label.en, label_zh: input.label.zh, hours_en: input.hours.en, hours_zh: input.hours.zh,
    response_time_en: input.responseTime.en, response_time_zh: input.responseTime.zh,
    sort_order: input.sortOrder, published: input.published ? 1 : 0, created_at: now, updated_at: now,
  };
  await insertChannelRow(ctx, row);
  await recordAudit(ctx, "settings.channel_changed", { op: "created", id: row.id, kind: row.kind, value: row.value });
  return presentChannel(row);
}

export async function updateChannel(ctx: Ctx, id: string, raw: unknown): Promise<OfficialChannel> {
  const patch: ChannelPatch = channelPatchSchema.parse(raw);
  return inTransaction(ctx, async (tx) => {
    const row = await findChannelRow(tx, id);
    if (!row) throw new AppError("not_found", "channel not found");
    const kind = patch.kind ?? (row.kind as OfficialChannel["kind"]);
    const value = patch.value ?? row.value;
    assertValue(kind, value);
    const set: Partial<ChannelRow> = { kind, value, updated_at: nowIso(tx) };
    if (patch.purpose !== undefined) set.purpose = patch.purpose;
    if (patch.label) Object.assign(set, { label_en: patch.label.en, label_zh: patch.label.zh });
    if (patch.hours) Object.assign(set, { hours_en: patch.hours.en, hours_zh: patch.hours.zh });
    if (patch.responseTime) Object.assign(set, { response_time_en: patch.responseTime.en, response_time_zh: patch.responseTime.zh });
    if (patch.sortOrder !== undefined) set.sort_order = patch.sortOrder;
    if (patch.published !== undefined) set.published = patch.published ? 1 : 0;
    await updateChannelRow(tx, id, set);
    await recordAudit(tx, "settings.channel_changed", { op: "updated", id, from: { kind: row.kind, value: row.value, published: row.published === 1 }, to: { kind, value, published: (set.published ?? row.published) === 1 } });
    return presentChannel({ ...row, ...set });
  });
}

export async function deleteChannel(ctx: Ctx, id: string): Promise<void> {
  if (!(await deleteChannelRow(ctx, id))) throw new AppError("not_found", "channel not found");
  await recordAudit(ctx, "settings.channel_changed", { op: "deleted", id });
}

/**
 * The registry in the shape the lookalike detector compares against: the published web and e-mail
 * domains (not shared providers such as 163.com), the help centre's own host and the support mailboxes
 * PayDesk sends from, which are ours whatever the registry says.
 */
export async function officialChannels(ctx: Ctx): Promise<OfficialChannels> {
  return officialChannelsFrom(ctx.services.config, await listPublishedChannels(ctx));
}

/** The same from channels already loaded (pages that also show which channel matched). */
export function officialChannelsFrom(config: Pick<Config, "publicUrl" | "mailboxes" | "companyName">, channels: OfficialChannel[]): OfficialChannels {
  const domains = new Set<string>();
  const emails = new Set<string>();
  const phones: string[] = [];
  const publicHost = safeHost(config.publicUrl);
  if (publicHost) domains.add(publicHost);
  for (const m of config.mailboxes) {
    emails.add(m.address);
    domains.add(domainOf(m.address));
  }
  for (const c of channels) {
    if (!c.published) continue;
    if (c.kind === "web") domains.add(hostOfWebValue(c.value));
    if (c.kind === "email") {
      emails.add(c.value.toLowerCase());
      if (!isSharedMailDomain(domainOf(c.value))) domains.add(domainOf(c.value));
    }
    if (c.kind === "phone") phones.push(c.value);
  }
  return { domains: [...domains], emails: [...emails], phones, brandNames: [config.companyName] };
}

/** Seeds the registry from the configuration the first time it is read, once per installation. */
export async function ensureRegistrySeeded(ctx: Ctx): Promise<void> {
  if (await isRegistrySeeded(ctx)) return;
  await inTransaction(ctx, async (tx) => {
    if (!(await claimRegistrySeeding(tx))) return;
    if ((await countChannelRows(tx)) > 0) return;
    for (const row of seedRows(tx)) await insertChannelRow(tx, row);
  });
}

function seedRows(ctx: Ctx): ChannelRow[] {
  const { config } = ctx.services;
  const now = nowIso(ctx);
  const hours = config.acknowledgements.firstResponseHours;
  const base = { purpose: "general", published: 1, created_at: now, updated_at: now };
  const rows: ChannelRow[] = config.mailboxes.map((m, i) => ({
    ...base, id: newId(ctx.clock.now().getTime()), kind: "email", value: m.address,
    label_en: m.name, label_zh: `${config.companyName} 客服邮箱`,
    hours_en: "Write at any time", hours_zh: "随时来信",
    response_time_en: `Usually within ${hours} hours`, response_time_zh: `通常在 ${hours} 小时内回复`,
    sort_order: i,
  }));
  const host = safeHost(config.publicUrl);
  if (host) {
    rows.push({
      ...base, id: newId(ctx.clock.now().getTime()), kind: "web", value: host,
      label_en: "Help centre (this site)", label_zh: "帮助中心（本网站）",
      hours_en: "Open at any time", hours_zh: "全天开放", response_time_en: "", response_time_zh: "", sort_order: 0,
    });
  }
  return rows;
}

function assertValue(kind: OfficialChannel["kind"], value: string): void {
  const problem = checkChannelValue(kind, value);
  if (problem) throw new AppError("invalid_input", problem);
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
