// Splits a plain-text mail body into what the sender wrote now, the quoted history and the
// signature. Line based and linear in the input: every line is tested a bounded number of times
// with anchored patterns on a bounded prefix, and look-arounds span a fixed number of lines.
//
// Nothing is dropped: every line of the input ends up in exactly one of the three parts (only
// whitespace is normalised), so a wrong guess moves text between parts but never loses it.

export interface QuoteSplit {
  /** The text a reader sees as the new message (may be "" when the body is only a quote). */
  newText: string;
  /** Quoted history: `>` lines, reply/forward headers and everything below a top-posted reply. */
  quoted: string;
  /** The sender's signature: after a `-- ` delimiter, a "Sent from my iPhone" line, a list footer. */
  signature: string;
}

const NEW = 0;
const QUOTED = 1;
const SIGNATURE = 2;

/** Only this much of a line is given to the line-start patterns. */
const HEAD = 300;

const SP = "[ \\t\\u00a0\\u3000]";

// "-----Original Message-----", QQ Mail / Foxmail "------------------ 原始邮件 ------------------",
// "-----原始邮件-----", Gmail "---------- Forwarded message ---------", Thunderbird
// "-------- Forwarded Message --------", and the same in other languages.
const SEPARATOR = new RegExp(
  `^${SP}*[-=_*~]{2,}${SP}*(?:original message|original e-?mail|original|forwarded message|forwarded e-?mail|` +
    `reply message|message d'origine|message transféré|mensaje original|mensaje reenviado|` +
    `mensagem original|mensagem encaminhada|ursprüngliche nachricht|weitergeleitete nachricht|` +
    `oorspronkelijk bericht|doorgestuurd bericht|messaggio originale|messaggio inoltrato|` +
    `исходное сообщение|пересылаемое сообщение|wiadomość oryginalna|原始邮件|原邮件|邮件原文|` +
    `回复的原邮件|转发的邮件|转发邮件信息|转发邮件|原始郵件|轉寄郵件|轉寄的郵件|元のメッセージ|転送メッセージ|` +
    `원본 메시지|전달된 메시지)${SP}*[-=_*~]*${SP}*$`,
  "i",
);
// Apple Mail forwards.
const FORWARD_LINE = new RegExp(`^${SP}*(?:Begin forwarded message|开始转发的邮件|開始轉寄的郵件)${SP}*[:：]${SP}*$`, "i");
// Rules drawn with punctuation ("______", " ------", "=====").
const DECORATION = new RegExp(`^${SP}*[-_=*~]{4,}${SP}*$`);
const UNDERSCORE_RULE = new RegExp(`^${SP}*_{10,}${SP}*$`);

const label = (words: string[]): RegExp =>
  new RegExp(`^${SP}*(?:\\*{1,2}${SP}?)?(?:${words.join("|")})(?:${SP}?\\*{1,2})?${SP}*[:：]`, "i");

// Header blocks Outlook (and clients copying it) put above the quoted message.
const FROM_LABEL = label([
  "From", "De", "Van", "Da", "Von", "Od", "От", "Från", "Fra", "Kimden", "Lähettäjä", "Feladó",
  "Remetente", "Absender", "发件人", "發件人", "寄件者", "寄件人", "差出人", "보낸 사람", "보낸사람",
]);
const SUBJECT_LABEL = label([
  "Subject", "Objet", "Sujet", "Onderwerp", "Oggetto", "Betreff", "Asunto", "Assunto", "Temat",
  "Тема", "Ämne", "Emne", "Konu", "Aihe", "Tárgy", "主题", "主題", "主旨", "标题", "件名", "제목",
]);
const OTHER_LABEL = label([
  "To", "Sent", "Date", "Cc", "Bcc", "Envoyé le", "Envoyé", "Date d'envoi", "À", "A", "Aan",
  "Verzonden", "Verstuurd", "Datum", "Inviato", "Data", "An", "Gesendet", "Para", "Enviado",
  "Enviada", "Fecha", "Do", "Wysłane", "Wysłano", "DW", "Кому", "Отправлено", "Дата", "Till",
  "Skickat", "Til", "Sendt", "Kime", "Tarih", "Vastaanottaja", "Lähetetty", "Címzett", "Elküldve",
  "收件人", "发送时间", "發送時間", "发送日期", "时间", "時間", "日期", "抄送", "收件者", "寄件日期",
  "傳送時間", "副本", "宛先", "送信日時", "日時", "받는 사람", "보낸 날짜", "날짜", "Message du", "Copie",
]);
// Any "Label: value" line holding a date or an address (e.g. "Message du : 12/12/2016 13:20").
const GENERIC_HEADER = new RegExp(`^${SP}*\\*{0,2}[\\p{L}][\\p{L}'’. ]{0,20}\\*{0,2}${SP}*[:：]${SP}*\\S`, "u");

// Words that open a reply attribution ("On <date>, <name> wrote:", "Le …", "在 … 写道：", "于 …").
const ATTRIBUTION_START = new RegExp(
  `^${SP}*(?:-${SP}*)?(?:(?:On|Am|Le|El|Il|Op|Em|At|Den|Dne|Dnia|W dniu|Quoting|Citando|Zitat von)[ \\t\\u00a0,]|[在于於])`,
);
const WROTE = new RegExp(
  "wrote|writes|a écrit|écrit|schrieb|schreef|escribió|escreveu|scrisse|ha scritto|napisał|" +
    "skrev|kirjoitti|írta|написал|написав|yazdı|pisze|写道|寫道|書きました|작성",
  "i",
);
const DATE_OR_ADDRESS = /@|\d{4}|\d{1,2}:\d{2}|年/;
const ENDS_SENTENCE = /[.!?。！？]$/;

// One-line signatures mobile and webmail clients append.
const MOBILE_SIGNATURE = new RegExp(
  `^${SP}*(?:Sent from (?:my|a|an) [^,;:!?]{1,60}|Sent from (?:Mail|Outlook|Yahoo Mail|Gmail|AOL)\\b[^,;:!?]{0,40}|` +
    `Get Outlook for (?:iOS|Android)\\b.{0,60}|Sent via [^,;:!?]{1,40}|Envoyé de mon [^,;:!?]{1,40}|` +
    `Von meinem [^,;:!?]{1,40} gesendet|Enviado desde mi [^,;:!?]{1,40}|Enviado do meu [^,;:!?]{1,40}|` +
    `Inviato da [^,;:!?]{1,40}|Verstuurd vanaf mijn [^,;:!?]{1,40}|` +
    `(?:发自|来自|寄自)我的[^,，。;；]{1,30}|发自[^,，。;；\\s]{1,20}(?:邮箱|邮件|客户端|大师|App|iPhone|iPad|手机)|` +
    `從我的.{1,30}傳送)${SP}*\\.?${SP}*$`,
  "i",
);

function head(line: string): string {
  return line.length > HEAD ? line.slice(0, HEAD) : line;
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** A `>`-quoted line (leading spaces allowed). */
function isQuoteLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x3e) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return false;
}

function isSignatureDelimiter(line: string): boolean {
  return line.length <= 4 && line.trimEnd() === "--";
}

function isMobileSignature(line: string): boolean {
  if (line.length > 100) return false;
  const t = line.trim();
  if (!MOBILE_SIGNATURE.test(t)) return false;
  // "Sent from my desk, is much easier…" is prose, "Sent from my Verizon Wireless BlackBerry" is not.
  return t.split(/\s+/).length <= 8;
}

/** Collapses blank-line runs to one, trims line ends and the outer blank lines. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  let blank = false;
  for (const line of lines) {
    const t = line.trimEnd();
    if (t.trim() === "") {
      blank = out.length > 0;
      continue;
    }
    if (blank) out.push("");
    blank = false;
    out.push(t);
  }
  return out.join("\n");
}

export function splitQuoted(text: string): QuoteSplit {
  const lines = (typeof text === "string" ? text : "").split(/\r\n|\r|\n/);
  const n = lines.length;
  const quote: boolean[] = lines.map(isQuoteLine);
  const blank: boolean[] = lines.map(isBlank);
  const role = new Uint8Array(n); // NEW

  const nextNonBlank = (from: number): number => {
    let k = from;
    while (k < n && blank[k]) k++;
    return k;
  };
  const followedByQuote = (end: number): boolean => {
    const k = nextNonBlank(end + 1);
    return k < n && quote[k] === true;
  };

  /**
   * An Outlook-style header block starting at `i`: From, then (in any order, within a few lines,
   * blank lines or a wrapped address allowed) Subject and at least one of To/Sent/Date/Cc.
   */
  const isHeaderBlock = (i: number): boolean => {
    if (!FROM_LABEL.test(head(lines[i] as string))) return false;
    let subject = false;
    let other = false;
    let strangers = 0;
    for (let k = i + 1; k < n && k <= i + 12; k++) {
      if (blank[k]) {
        if (subject && other) break;
        continue;
      }
      if (quote[k]) break;
      const h = head(lines[k] as string);
      if (SUBJECT_LABEL.test(h)) subject = true;
      else if (OTHER_LABEL.test(h)) other = true;
      else if (subject && other) break;
      else if (++strangers > 2) break;
    }
    return subject && other;
  };

  /** Extends a header block at `i` upwards over date/address fields, blank lines and rules. */
  const extendUp = (i: number): number => {
    let start = i;
    let j = i - 1;
    while (j >= 0 && i - j <= 2 && !quote[j] && !blank[j]) {
      const h = head(lines[j] as string);
      if (!GENERIC_HEADER.test(h) || !DATE_OR_ADDRESS.test(h)) break;
      start = j--;
    }
    while (j >= 0 && !quote[j]) {
      if (blank[j]) {
        j--;
        continue;
      }
      const h = head(lines[j] as string);
      if (!DECORATION.test(h) && !SEPARATOR.test(h)) break;
      start = j--;
    }
    return start;
  };

  /**
   * A reply attribution ending at line `i` ("On …, X <x@y> wrote:", possibly wrapped over up to
   * three lines, or split as "…<x@y" / ">:"). Returns its first and last line.
   */
  const attributionAt = (i: number): { start: number; end: number } | null => {
    const line = lines[i] as string;
    let end = i;
    const last = line.trimEnd();
    if (!last.endsWith(":") && !last.endsWith("：")) {
      const next = lines[i + 1];
      if (next === undefined || next.length > 8 || next.replace(/[\s>]/g, "") !== ":" || !quote[i + 1]) return null;
      end = i + 1;
    }
    let start = i;
    for (let j = i - 1; j >= 0 && j >= i - 2; j--) {
      if (quote[j] || blank[j]) break;
      const t = (lines[j] as string).trimEnd();
      if (t.length > HEAD || ENDS_SENTENCE.test(t)) break;
      if (ATTRIBUTION_START.test(t)) start = j;
    }
    let joined = "";
    for (let k = start; k <= end; k++) joined += ` ${(lines[k] as string).trim()}`;
    if (joined.length > 500) return null;
    const opens = ATTRIBUTION_START.test(head(lines[start] as string));
    const evidence = DATE_OR_ADDRESS.test(joined);
    if (WROTE.test(joined)) {
      if (opens || evidence) return { start, end };
      return null;
    }
    // No verb we know, but "<date> <name> <address>:" right above a quoted block.
    if (joined.includes("@") && /\d/.test(joined) && followedByQuote(end)) return { start, end };
    return null;
  };

  let cut = n;
  for (let i = 0; i < n; i++) {
    if (quote[i]) {
      role[i] = QUOTED;
      continue;
    }
    if (blank[i]) continue;
    const h = head(lines[i] as string);
    if (SEPARATOR.test(h) || FORWARD_LINE.test(h)) {
      cut = extendUp(i);
      break;
    }
    if (isHeaderBlock(i)) {
      cut = extendUp(i);
      break;
    }
    const attribution = attributionAt(i);
    if (attribution) {
      if (followedByQuote(attribution.end)) {
        // Bottom-posted or inline reply: the quoted block follows, new text may come after it.
        for (let k = attribution.start; k <= attribution.end; k++) role[k] = QUOTED;
        i = attribution.end;
        continue;
      }
      // Top-posted reply whose quote lost its `>` markers (HTML mail, many webmails).
      cut = attribution.start;
      break;
    }
    // A long quoted line wrapped by a client that did not re-quote the remainder.
    if (i > 0 && quote[i - 1] && (lines[i - 1] as string).length >= 60 && quote[i + 1] === true) {
      role[i] = QUOTED;
    }
  }
  for (let k = cut; k < n; k++) role[k] = QUOTED;

  // Signature: the first delimiter, mobile signature or list footer among the new lines.
  const newNonBlankAfter = new Uint32Array(n + 1);
  for (let k = n - 1; k >= 0; k--) {
    newNonBlankAfter[k] = (newNonBlankAfter[k + 1] as number) + (role[k] === NEW && !blank[k] ? 1 : 0);
  }
  for (let i = 0; i < cut; i++) {
    if (role[i] !== NEW || blank[i]) continue;
    const line = lines[i] as string;
    if (isSignatureDelimiter(line)) {
      for (let k = i; k < cut; k++) if (role[k] === NEW) role[k] = SIGNATURE;
      break;
    }
    if (isMobileSignature(line)) {
      role[i] = SIGNATURE;
      // What follows a "Sent from my phone" line was not typed by the sender.
      for (let k = i + 1; k < cut; k++) if (role[k] === NEW) role[k] = QUOTED;
      break;
    }
    if (UNDERSCORE_RULE.test(head(line)) && (newNonBlankAfter[i + 1] as number) <= 12) {
      for (let k = i; k < cut; k++) if (role[k] === NEW) role[k] = SIGNATURE;
      break;
    }
  }

  const parts: [string[], string[], string[]] = [[], [], []];
  for (let k = 0; k < n; k++) parts[role[k] as 0 | 1 | 2].push(lines[k] as string);
  return { newText: tidy(parts[NEW]), quoted: tidy(parts[QUOTED]), signature: tidy(parts[SIGNATURE]) };
}
