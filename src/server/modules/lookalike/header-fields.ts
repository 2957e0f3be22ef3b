// Pulling the sender addresses and links out of a pasted e-mail (headers, and body if it came along).
import { TextDecoder } from "node:util";

export type HeaderSource = "from" | "reply-to" | "return-path" | "sender" | "link";
export type HeaderChannel = { source: HeaderSource; value: string };

const MAX_TEXT = 512 * 1024;
const MAX_CHANNELS = 100;
const ADDRESS_FIELD = /^(from|reply-to|return-path|sender)[ \t]*:[ \t]*(.*)$/i;
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'`[\]{}|\\^]+/gi;

export function readHeaderChannels(raw: string): HeaderChannel[] {
  const text = raw.slice(0, MAX_TEXT).replace(/\r\n?/g, "\n");
  const out: HeaderChannel[] = [];
  const seen = new Set<string>();
  const push = (source: HeaderSource, value: string) => {
    const key = `${source} ${value.toLowerCase()}`;
    if (!value || seen.has(key) || out.length >= MAX_CHANNELS) return;
    seen.add(key);
    out.push({ source, value });
  };

  const unfolded = text.replace(/\n[ \t]+/g, " ");
  for (const line of unfolded.split("\n")) {
    const field = ADDRESS_FIELD.exec(line);
    if (!field) continue;
    const source = field[1]!.toLowerCase() as HeaderSource;
    for (const entry of splitAddressList(decodeEncodedWords(field[2]!))) {
      if (entry.includes("@")) push(source, entry);
    }
  }

  // Quoted-printable bodies break long lines with "=" + newline; join them so links come out whole.
  const joined = text.replace(/=\n/g, "");
  for (const match of joined.matchAll(URL_IN_TEXT)) {
    push("link", match[0].replace(/&amp;/g, "&").replace(/[.,;:!?)'"]+$/, ""));
  }
  return out;
}

/** Splits `a@x, "Doe, J" <b@y>` at the commas that separate addresses. */
export function splitAddressList(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "<") angle++;
    else if (!quoted && ch === ">") angle = Math.max(0, angle - 1);
    if (ch === "," && !quoted && angle === 0) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/** RFC 2047 encoded words (`=?utf-8?B?…?=`), as display names arrive; unknown charsets read as UTF-8. */
export function decodeEncodedWords(value: string): string {
  const words = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  return value.replace(/(\?=)\s+(=\?)/g, "$1$2").replace(words, (_all, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toLowerCase() === "b"
      ? Buffer.from(data, "base64")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
    try {
      return new TextDecoder(charset.split("*")[0]!.toLowerCase()).decode(bytes);
    } catch {
      return bytes.toString("utf8");
    }
  });
}
