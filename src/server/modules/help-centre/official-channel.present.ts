// What leaves the server about a channel: the same shape for admins and the help centre (nothing in a
// channel is secret; unpublished ones simply are not listed publicly).
import { hostOfWebValue, type OfficialChannel } from "./official-channel.ts";
import type { ChannelRow } from "./official-channel.repo.ts";

export function presentChannel(row: ChannelRow): OfficialChannel {
  return {
    id: row.id,
    kind: row.kind as OfficialChannel["kind"],
    purpose: row.purpose,
    value: row.value,
    label: { en: row.label_en, zh: row.label_zh },
    hours: { en: row.hours_en, zh: row.hours_zh },
    responseTime: { en: row.response_time_en, zh: row.response_time_zh },
    sortOrder: Number(row.sort_order),
    published: Number(row.published) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The published channel a checker verdict names (`matched`): an address, a number or one of our domains. */
export function findMatchedChannel(channels: OfficialChannel[], matched: string): OfficialChannel | null {
  const wanted = matched.trim().toLowerCase();
  const digits = (s: string) => s.replace(/\D/g, "");
  return (
    channels.find((c) => c.value.trim().toLowerCase() === wanted) ??
    channels.find((c) => c.kind === "phone" && digits(c.value) !== "" && digits(c.value) === digits(wanted)) ??
    channels.find((c) => c.kind === "web" && (hostOfWebValue(c.value) === wanted || hostOfWebValue(c.value).endsWith(`.${wanted}`))) ??
    null
  );
}

/**
 * A pasted value that is exactly one of our listed social or chat channels (https://weibo.com/okpay):
 * the domain checker would call weibo.com "not ours", but this account is.
 */
export function findListedAccount(channels: OfficialChannel[], input: string): OfficialChannel | null {
  const norm = (s: string) => s.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/+$/, "");
  const wanted = norm(input);
  if (!wanted) return null;
  return channels.find((c) => (c.kind === "social" || c.kind === "chat") && norm(c.value) === wanted) ?? null;
}
