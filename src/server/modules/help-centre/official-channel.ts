// The official-channel registry's shapes and rules: what a channel is, and what a valid one looks like.
import { z } from "zod";

export const channelKinds = ["email", "phone", "chat", "social", "web"] as const;
export type ChannelKind = (typeof channelKinds)[number];

export type OfficialChannel = {
  id: string;
  kind: ChannelKind;
  /** general, complaints, security, … (free text, lower case). */
  purpose: string;
  value: string;
  label: { en: string; zh: string };
  hours: { en: string; zh: string };
  responseTime: { en: string; zh: string };
  sortOrder: number;
  published: boolean;
  createdAt: string;
  updatedAt: string;
};

const bilingual = (max: number) =>
  z.object({ en: z.string().trim().max(max).default(""), zh: z.string().trim().max(max).default("") }).strict();

export const channelInputSchema = z.object({
  kind: z.enum(channelKinds),
  purpose: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,39}$/, "a short word such as general, complaints or security").default("general"),
  value: z.string().trim().min(1).max(300),
  label: z.object({ en: z.string().trim().min(1).max(100), zh: z.string().trim().min(1).max(100) }).strict(),
  hours: bilingual(200).prefault({}),
  responseTime: bilingual(200).prefault({}),
  sortOrder: z.number().int().min(-1000).max(1000).default(0),
  published: z.boolean().default(true),
}).strict();

export const channelPatchSchema = z.object({
  kind: z.enum(channelKinds).optional(),
  purpose: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,39}$/).optional(),
  value: z.string().trim().min(1).max(300).optional(),
  label: z.object({ en: z.string().trim().min(1).max(100), zh: z.string().trim().min(1).max(100) }).strict().optional(),
  hours: bilingual(200).optional(),
  responseTime: bilingual(200).optional(),
  sortOrder: z.number().int().min(-1000).max(1000).optional(),
  published: z.boolean().optional(),
}).strict();

export type ChannelInput = z.infer<typeof channelInputSchema>;
export type ChannelPatch = z.infer<typeof channelPatchSchema>;

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const PHONE = /^\+?[\d\s\-().]{5,30}$/;
const HOST_OR_URL = /^(https?:\/\/)?[^\s/?#@]+\.[^\s/?#@]+(\/\S*)?$/i;

/** Why a value does not fit its kind, or null when it does. Chat and social values are free text. */
export function checkChannelValue(kind: ChannelKind, value: string): string | null {
  if (kind === "email" && !EMAIL.test(value)) return "an e-mail channel needs an e-mail address";
  if (kind === "phone" && (!PHONE.test(value) || (value.match(/\d/g) ?? []).length < 5)) return "a phone channel needs a phone number (digits, spaces, +, -)";
  if (kind === "web" && !HOST_OR_URL.test(value)) return "a web channel needs a domain or an http(s) address";
  return null;
}

/** The host of a web channel's value: `https://help.okpay.com/zh` → help.okpay.com. */
export function hostOfWebValue(value: string): string {
  return value.trim().replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0]!.toLowerCase();
}

/**
 * Mail providers where anyone can open a mailbox: listing okpay_kefu@163.com must not make all of 163.com
 * ours (the detector then accepts only the exact address).
 */
const SHARED_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com",
  "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com",
  "163.com", "126.com", "yeah.net", "qq.com", "foxmail.com", "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn",
]);

export const isSharedMailDomain = (domain: string) => SHARED_MAIL_DOMAINS.has(domain.toLowerCase());
