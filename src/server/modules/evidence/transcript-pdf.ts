// The PDF transcript: a readable record of the exchange (what the customer wrote, what we answered),
// drawn from stored, redacted text. Quoted history is left out: each message already appears once.
// The same data and export time give the same bytes (fixed creation date, no random ids).
import PDFDocument from "pdfkit";
import type { CjkFont } from "./cjk-font.ts";

export type TranscriptMessage = {
  date: string;
  direction: "inbound" | "outbound";
  from: { name: string | null; address: string } | null;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; size: number }[];
};

export type TranscriptData = {
  companyName: string;
  verifyUrl: string;
  ticketNumber: string;
  subject: string;
  customer: { name: string | null; address: string | null };
  language: string;
  exportedAt: string;
  fingerprint: string;
  messages: TranscriptMessage[];
};

const labels = {
  en: {
    title: "Support record", ticket: "Ticket", subject: "Subject", customer: "Customer", exported: "Exported",
    key: "Signing key fingerprint (SHA-256)", inbound: "Customer wrote", outbound: "Support replied",
    from: "From", to: "To", attachments: "Attachments", empty: "(no text)", none: "No messages.",
    verify: (url: string) => `This transcript is part of a signed evidence archive. To check that nothing in the archive was changed, upload it at ${url} or run: paydesk verify-export <file.zip>`,
  },
  zh: {
    title: "客服沟通记录", ticket: "工单", subject: "主题", customer: "客户", exported: "导出时间",
    key: "签名密钥指纹 (SHA-256)", inbound: "客户来信", outbound: "客服回复",
    from: "发件人", to: "收件人", attachments: "附件", empty: "（无正文）", none: "没有消息。",
    verify: (url: string) => `本记录属于一份带签名的证据存档。如需确认存档未被改动，请在 ${url} 上传存档，或运行：paydesk verify-export <file.zip>`,
  },
};

const NO_CJK_NOTICE = "No font for Chinese, Japanese or Korean text is installed on the server that made this transcript, so such characters are shown as \"?\". The .eml files in the archive hold the full text.";

// Characters the standard PDF fonts can draw (Windows-1252); anything else becomes "?" without a CJK font.
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const toWinAnsi = (s: string) =>
  Array.from(s, (ch) => {
    const c = ch.codePointAt(0)!;
    return c === 10 || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch) ? ch : "?";
  }).join("");

type GlyphCheck = (codePoint: number) => boolean;

/** Registers the CJK font and returns which characters it can draw (null when it cannot be loaded). */
function loadGlyphCheck(doc: PDFKit.PDFDocument, font: CjkFont): GlyphCheck | null {
  try {
    doc.registerFont("cjk", font.path, font.family);
    doc.font("cjk");
    // pdfkit keeps the parsed font (fontkit) on the current font; it answers per code point.
    const parsed = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?(cp: number): boolean } } })._font?.font;
    return parsed?.hasGlyphForCodePoint ? (cp) => parsed.hasGlyphForCodePoint!(cp) : () => true;
  } catch {
    return null;
  }
}

function splitRuns(text: string, glyphs: GlyphCheck | null): { text: string; cjk: boolean }[] {
  const runs: { text: string; cjk: boolean }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Spaces stay with the run they are in.
    const cjk = glyphs ? (cp === 32 ? runs[runs.length - 1]?.cjk ?? false : glyphs(cp)) : false;
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ text: ch, cjk });
  }
  return runs.length ? runs : [{ text: "", cjk: false }];
}

export const formatUtc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;

const formatSize = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

const person = (p: { name: string | null; address: string | null } | null) =>
  !p ? "-" : p.name && p.address ? `${p.name} <${p.address}>` : (p.name ?? p.address ?? "-");

export async function renderTranscriptPdf(data: TranscriptData, font: CjkFont | null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4", margin: 56, compress: true,
    info: {
      Title: `${data.ticketNumber} ${data.subject}`,
      Author: data.companyName, Creator: "PayDesk", CreationDate: new Date(data.exportedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const glyphs = font ? loadGlyphCheck(doc, font) : null;
  const t = glyphs && data.language === "zh-CN" ? labels.zh : labels.en;
  // Each run of characters goes to the font that has them: the CJK font where it can, the standard one otherwise.
  const write = (text: string, weight: "regular" | "bold", continued = false) => {
    const lines = text.split("\n");
    lines.forEach((lineText, l) => {
      const runs = splitRuns(lineText || " ", glyphs);
      const more = continued && l === lines.length - 1;
      runs.forEach((run, i) => {
        doc.font(run.cjk ? "cjk" : weight === "bold" ? "Helvetica-Bold" : "Helvetica")
          .text(run.cjk ? run.text : toWinAnsi(run.text), { continued: more || i < runs.length - 1 });
      });
    });
  };
  const line = (label: string, value: string) => {
    write(`${label}: `, "bold", true);
    write(value || "-", "regular");
  };

  doc.fontSize(16);
  write(`${data.companyName} — ${t.title}`, "bold");
  doc.moveDown(0.5).fontSize(10);
  line(t.ticket, data.ticketNumber);
  line(t.subject, data.subject);
  line(t.customer, person(data.customer));
  line(t.exported, formatUtc(data.exportedAt));
  line(t.key, data.fingerprint);
  doc.moveDown(0.5).fontSize(8).fillColor("#444444");
  write(t.verify(data.verifyUrl), "regular");
  if (!glyphs) doc.moveDown(0.3).font("Helvetica-Bold").fillColor("#a00000").text(NO_CJK_NOTICE);
  doc.fillColor("#000000");

  if (data.messages.length === 0) doc.moveDown().fontSize(10).font("Helvetica").text(t.none);
  data.messages.forEach((m, i) => {
    doc.moveDown(1).fontSize(11);
    write(`${i + 1}. ${formatUtc(m.date)} · ${m.direction === "inbound" ? t.inbound : t.outbound}`, "bold");
    doc.fontSize(9);
    line(t.from, person(m.from));
    if (m.to.length) line(t.to, m.to.join(", "));
    line(t.subject, m.subject);
    doc.moveDown(0.3).fontSize(10);
    write(m.text.trim() || t.empty, "regular");
    if (m.attachments.length) {
      doc.moveDown(0.3).fontSize(9);
      line(t.attachments, m.attachments.map((a) => `${a.filename} (${formatSize(a.size)})`).join("; "));
    }
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
