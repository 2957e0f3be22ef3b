// Console messages in English and Simplified Chinese, and a tiny translator.
// Messages may hold `{name}` placeholders; missing variables stay visible rather than vanish.
import { en, type MessageKey } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export const languages = ["en", "zh-CN"] as const;
export type Language = (typeof languages)[number];
export type { MessageKey };
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const tables: Record<Language, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

export const isLanguage = (s: string): s is Language => (languages as readonly string[]).includes(s);

export function translate(lang: Language, key: MessageKey, vars?: Vars): string {
  const template = tables[lang]?.[key] ?? en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createT(lang: Language): Translate {
  return (key, vars) => translate(lang, key, vars);
}

/** Every key of one table, for checks that the tables agree. */
export const messageKeys = Object.keys(en) as MessageKey[];
export const messageTables = tables;
