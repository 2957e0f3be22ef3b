// A deterministic set of customer mails shaped like what a payment company's support address receives:
// Chinese and English, plain and HTML, GBK-encoded Chinese clients, replies with quoted history,
// screenshots and statements attached, about half DKIM-signed. The same seed gives the same bytes.
//
// Each template carries fixed-width placeholders in its headers (sender address, Message-ID,
// In-Reply-To/References) and inside each attachment. `instantiate` stamps a cycle number into them,
// so cycling through the set yields messages that dedupe does not drop, senders that stay under the
// per-sender burst limit, and attachments that are not stored once and shared.
import { createPrivateKey } from "node:crypto";
import iconv from "iconv-lite";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { createRng, type Rng } from "./prng.ts";

export const SUPPORT_ADDRESS = "support@okpay.example";

export type MessageKind = "plain" | "html" | "statement" | "reply" | "gbk" | "attachment";

export type MessageTemplate = {
  index: number;
  kind: MessageKind;
  language: "zh" | "en";
  dkim: boolean;
  attachments: number;
  raw: Buffer;
  /** Address of the sender, with the placeholder still in it. */
  from: string;
  /** Offsets of the header placeholder (8 bytes each). */
  headerSlots: number[];
  /** Offsets of base64-encoded attachment placeholders (16 characters each). */
  attachmentSlots: number[];
};

export type BenchMessage = { raw: Buffer; from: string; to: string; kind: MessageKind };

/** Stands for the cycle number in headers: 8 characters, replaced with 8 base-36 digits. */
const HEADER_TOKEN = "QZQZQZQZ";
/** 12 bytes at offset 114 of every attachment (the start of the third base64 line). */
const ATTACHMENT_TOKEN = Buffer.from("QZQZQZQZQZQZ", "latin1");
const ATTACHMENT_TOKEN_B64 = ATTACHMENT_TOKEN.toString("base64");
const ATTACHMENT_SLOT_OFFSET = 114;

// ---------------------------------------------------------------------------------------------
// Words

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "林", "郭", "何", "高", "罗"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "晓东", "建华", "海燕", "志强"];
const PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "zhou", "wu", "xu", "sun", "ma", "zhu", "hu", "lin", "guo", "he", "gao", "luo"];
const EN_FIRST = ["James", "Maria", "David", "Sarah", "Michael", "Anna", "Daniel", "Laura", "Ahmed", "Priya", "Kenji", "Olga", "Carlos", "Fatima", "Tom", "Nguyen"];
const EN_LAST = ["Smith", "Garcia", "Kumar", "Tanaka", "Ivanova", "Silva", "Brown", "Hassan", "Tran", "Müller", "O'Brien", "Kowalski", "Lee", "Martin"];
const ZH_DOMAINS = ["qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "aliyun.com", "139.com"];
const EN_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de"];
const ZH_BANKS = ["招商银行", "工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "浦发银行"];
const EN_BANKS = ["Chase", "HSBC", "Barclays", "Wells Fargo", "DBS", "Revolut", "Santander"];
const MERCHANTS = ["美团外卖", "京东商城", "携程旅行", "滴滴出行", "拼多多", "Steam", "Amazon", "Shopee", "Booking.com", "Uber"];
/** Test card numbers (Luhn-valid) of the kind customers paste into mail; redaction must catch them. */
const CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "6222 0212 3456 7890 128", "4012888888881881", "3782 822463 10005"];

type Facts = { amount: string; fee: string; date: string; order: string; txn: string; bank: string; last4: string; merchant: string; phone: string; days: number };

function facts(r: Rng, lang: "zh" | "en"): Facts {
  const day = r.int(1, 24);
  return {
    amount: `${r.int(1, 50) * (r.chance(0.5) ? 100 : 37)}.${String(r.int(0, 99)).padStart(2, "0")}`,
    fee: `${r.int(1, 30)}.${String(r.int(0, 99)).padStart(2, "0")}`,
    date: lang === "zh" ? `2026年11月${day}日 ${r.int(8, 23)}:${String(r.int(0, 59)).padStart(2, "0")}` : `${day} November 2026`,
    order: `${r.pick(["OK", "PO", "WD", "RF"])}2026${String(r.int(1000000, 9999999))}`,
    txn: `TX2026110${r.int(1, 9)}${String(r.int(10000000, 99999999))}`,
    bank: lang === "zh" ? r.pick(ZH_BANKS) : r.pick(EN_BANKS),
    last4: String(r.int(1000, 9999)),
    merchant: r.pick(MERCHANTS),
    phone: `1${r.pick(["38", "39", "58", "86", "77"])}${String(r.int(10000000, 99999999))}`,
    days: r.int(2, 15),
  };
}

const fill = (template: string, f: Facts) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(f[k as keyof Facts]));

const ZH_ISSUES: { subject: string; body: string }[] = [
  { subject: "提现未到账", body: "我在{date}申请提现{amount}元到{bank}尾号{last4}的银行卡，到现在还没有到账。订单号是{order}，麻烦帮忙查一下。" },
  { subject: "退款一直没有收到", body: "我在{merchant}的订单{order}已经取消，商家说已经退款{amount}元，但是我的余额里一直没有看到这笔退款。" },
  { subject: "账户被冻结，请尽快处理", body: "我的账户今天突然被冻结了，登录时提示“账户存在风险，暂时无法使用”。我没有做任何违规操作，请尽快帮我解冻，里面还有{amount}元余额。" },
  { subject: "重复扣款", body: "同一笔交易被扣款两次，每次{amount}元，交易时间是{date}，交易流水号{txn}，请核实并退回多扣的钱。" },
  { subject: "实名认证审核不通过", body: "实名认证一直审核不通过，已经上传了三次身份证照片，每次都提示图片不清晰。请问还需要提供什么材料？" },
  { subject: "提现手续费问题", body: "为什么这次提现收取了{fee}元手续费？之前都是免费的，页面上也没有任何提示，请给一个解释。" },
  { subject: "充值成功但余额没变", body: "用{bank}的卡充值{amount}元，银行已经扣款了，但是账户余额没有增加，交易流水号是{txn}。" },
  { subject: "紧急：账户被盗刷", body: "我发现账户里有一笔{amount}元的交易不是我本人操作的，怀疑被盗刷，请立即冻结账户并调查，交易时间{date}。" },
  { subject: "付款失败但是扣钱了", body: "在{merchant}付款的时候提示支付失败，但是银行卡被扣款{amount}元，订单号{order}，请帮忙退回。" },
];

const ZH_DETAILS = [
  "附件是银行的转账截图，请查收。",
  "我的注册手机号是{phone}。",
  "这件事已经拖了{days}天了，希望今天能给我一个明确的答复。",
  "如果需要我提供其他材料，请告诉我，我会尽快补充。",
  "我之前已经联系过在线客服，他们让我发邮件到这个地址。",
  "银行那边说钱已经退回到你们平台了，请核实一下。",
  "交易流水号：{txn}，金额{amount}元，时间{date}。",
  "我每个月都在你们平台提现，以前从来没有出现过这种情况。",
  "请不要再让我重复提交同样的资料了，之前已经提交过两次。",
  "这笔钱是我下个月的房租，真的很着急，麻烦加急处理。",
  "我已经按照页面提示重新绑定了{bank}的银行卡，还是不行。",
  "客服电话一直打不通，只能写邮件了。",
];

const EN_ISSUES: { subject: string; body: string }[] = [
  { subject: "Withdrawal not received", body: "I requested a withdrawal of {amount} USD to my {bank} account ending {last4} on {date}, and it still has not arrived. The reference is {order}." },
  { subject: "Where is my refund?", body: "I cancelled order {order} with {merchant} and they say the refund of {amount} USD was issued on {date}, but I cannot see it in my wallet." },
  { subject: "Account frozen - urgent", body: "My account was frozen this morning without any explanation. I have {amount} USD in it and I need access to pay my bills this week." },
  { subject: "Charged twice for one payment", body: "I was charged twice for the same payment of {amount} USD on {date} (transaction {txn}). Please refund the duplicate charge." },
  { subject: "Identity verification keeps failing", body: "My identity verification keeps failing even though I uploaded my passport three times. The app just says the photo is unclear." },
  { subject: "Unexpected withdrawal fee", body: "Why was I charged a {fee} USD fee for this withdrawal? The app said withdrawals to {bank} are free." },
  { subject: "Top-up failed but money taken", body: "I topped up {amount} USD from my {bank} card, the bank took the money but my balance did not change. Reference {txn}." },
  { subject: "Unauthorized transaction on my account", body: "There is a payment of {amount} USD to {merchant} on {date} that I did not make. I think my account was hacked, please block it immediately." },
  { subject: "Payment declined but still charged", body: "My payment to {merchant} was declined, yet {amount} USD left my card. Order number {order}." },
];

const EN_DETAILS = [
  "I have attached a screenshot of the bank transfer.",
  "My registered phone number is +86 {phone}.",
  "This has been going on for {days} days now and nobody has given me a clear answer.",
  "Please let me know if you need any other documents from me.",
  "I already talked to your live chat and they told me to write to this address.",
  "My bank says the money was returned to your platform, please check on your side.",
  "Transaction {txn}, amount {amount} USD, on {date}.",
  "I have used your service every month for two years and this never happened before.",
  "Please do not ask me to send the same documents again, I have sent them twice already.",
  "This money is for my rent, so I really need it soon.",
  "I re-linked my {bank} card as the help page suggested, but it still does not work.",
  "Your phone line is always busy, so I am writing instead.",
];

const ZH_OPEN = ["您好，", "客服你好：", "你好，", "尊敬的客服："];
const ZH_CLOSE = ["谢谢！", "期待您的回复。", "辛苦了，谢谢。", "请尽快回复，谢谢。"];
const EN_OPEN = ["Hello,", "Hi,", "Dear support team,", "Hi there,"];
const EN_CLOSE = ["Thanks.", "Looking forward to your reply.", "Thank you for your help.", "Please get back to me as soon as possible."];

type Person = { name: string; local: string; domain: string; lang: "zh" | "en" };

function makePerson(r: Rng, lang: "zh" | "en", i: number): Person {
  if (lang === "zh") {
    const s = r.int(0, SURNAMES.length - 1);
    return { name: SURNAMES[s]! + r.pick(GIVEN), local: `${PINYIN[s]}${r.int(1, 999)}.${i}`, domain: r.pick(ZH_DOMAINS), lang };
  }
  const first = r.pick(EN_FIRST);
  const last = r.pick(EN_LAST);
  return { name: `${first} ${last}`, local: `${first.toLowerCase()}.${i}`, domain: r.pick(EN_DOMAINS), lang };
}

const addressOf = (p: Person) => `${p.local}.${HEADER_TOKEN}@${p.domain}`;

function statementLines(r: Rng, lang: "zh" | "en", n: number): string[] {
  const kinds = lang === "zh" ? ["提现", "充值", "消费", "退款", "转账"] : ["Withdrawal", "Top-up", "Payment", "Refund", "Transfer"];
  const states = lang === "zh" ? ["成功", "处理中", "失败", "已退回"] : ["Completed", "Pending", "Failed", "Reversed"];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = facts(r, lang);
    out.push(`2026-11-${String(r.int(1, 24)).padStart(2, "0")} ${r.int(10, 23)}:${r.int(10, 59)}  ${r.pick(kinds)}  ${r.chance(0.5) ? "-" : "+"}${f.amount}  ${r.pick(states)}  ${f.txn}`);
  }
  return out;
}

/** Customer prose of about `targetBytes` UTF-8 bytes, as paragraphs. */
function customerText(r: Rng, p: Person, targetBytes: number): { subject: string; paragraphs: string[]; statement: string[] } {
  const zh = p.lang === "zh";
  const issue = r.pick(zh ? ZH_ISSUES : EN_ISSUES);
  const f = facts(r, p.lang);
  const paragraphs = [r.pick(zh ? ZH_OPEN : EN_OPEN), fill(issue.body, f)];
  if (r.chance(0.08)) paragraphs.push(zh ? `卡号是 ${r.pick(CARDS)}，有效期 0${r.int(1, 9)}/2${r.int(7, 9)}，CVV ${r.int(100, 999)}。` : `My card number is ${r.pick(CARDS)}, expiry 0${r.int(1, 9)}/2${r.int(7, 9)}, CVV ${r.int(100, 999)}.`);
  if (zh && r.chance(0.05)) paragraphs.push(`我的身份证号码是11010519${r.int(70, 99)}0${r.int(1, 9)}${r.int(10, 28)}${r.int(100, 999)}X。`);
  const statement: string[] = [];
  let size = Buffer.byteLength(paragraphs.join("\n\n"));
  while (size < targetBytes) {
    if (r.chance(0.12)) {
      const lines = statementLines(r, p.lang, r.int(5, 15));
      statement.push(...lines);
      size += Buffer.byteLength(lines.join("\n"));
    } else {
      const para = Array.from({ length: r.int(2, 4) }, () => fill(r.pick(zh ? ZH_DETAILS : EN_DETAILS), facts(r, p.lang))).join(zh ? "" : " ");
      paragraphs.push(para);
      size += Buffer.byteLength(para);
    }
  }
  paragraphs.push(r.pick(zh ? ZH_CLOSE : EN_CLOSE));
  return { subject: issue.subject, paragraphs, statement };
}

function signature(p: Person, r: Rng): string {
  return p.lang === "zh" ? `--\n${p.name}\n手机：1${r.int(3, 8)}${r.int(100000000, 999999999)}` : `--\n${p.name}\nSent from my phone`;
}

function toPlain(body: { paragraphs: string[]; statement: string[] }, sig: string): string {
  const parts = [...body.paragraphs];
  if (body.statement.length) parts.splice(2, 0, body.statement.join("\n"));
  return `${parts.join("\n\n")}\n\n${sig}\n`;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** HTML the way webmail and Outlook write it: inline styles everywhere. */
function toHtml(body: { paragraphs: string[]; statement: string[] }, sig: string, lang: "zh" | "en", quoted = ""): string {
  const font = lang === "zh" ? "微软雅黑, Microsoft YaHei, sans-serif" : "Calibri, Arial, Helvetica, sans-serif";
  const div = (s: string) => `<div style="font-family: ${font}; font-size: 14px; color: rgb(0, 0, 0); line-height: 1.5;"><span>${esc(s)}</span></div>\r\n`;
  let out = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p{margin:0}</style></head><body>\r\n`;
  body.paragraphs.forEach((p, i) => {
    out += div(p) + `<div style="font-family: ${font}; font-size: 14px;"><br></div>\r\n`;
    if (i === 1 && body.statement.length) {
      out += `<table border="1" cellpadding="4" cellspacing="0" style="border-collapse: collapse; font-size: 12px; font-family: ${font};">\r\n`;
      for (const line of body.statement) out += `<tr>${line.split(/\s{2,}/).map((c) => `<td style="border: 1px solid #cccccc; padding: 4px 8px;">${esc(c)}</td>`).join("")}</tr>\r\n`;
      out += "</table>\r\n";
    }
  });
  out += `<div style="font-family: ${font}; font-size: 12px; color: rgb(128, 128, 128);">${sig.split("\n").map(esc).join("<br>")}</div>\r\n`;
  return `${out}${quoted}</body></html>\r\n`;
}

// ---------------------------------------------------------------------------------------------
// Quoted history

const SUPPORT_LINES_ZH = [
  "您好，我们已经收到您的反馈，相关部门正在核实，预计1-3个工作日内给您答复。",
  "您好，经核实您的提现已经由我方发出，银行处理可能需要1-2个工作日，请耐心等待。",
  "您好，为了保障您的资金安全，请提供手持身份证照片以及最近一笔交易的截图。",
  "您好，您的账户因触发风控规则被临时冻结，完成身份验证后即可解冻。",
  "您好，退款已经原路退回，到账时间以银行为准。",
];
const SUPPORT_LINES_EN = [
  "Thank you for contacting us. Our payments team is looking into this and will get back to you within 1-3 business days.",
  "We have checked and the withdrawal was sent from our side. Your bank may need 1-2 business days to credit it.",
  "To keep your funds safe, please send a photo of yourself holding your ID and a screenshot of your latest transaction.",
  "Your account was temporarily restricted by our risk checks. It will be released once verification is complete.",
  "The refund was returned to the original payment method. The time it takes to arrive depends on your bank.",
];

type Turn = { who: "customer" | "support"; name: string; date: string; subject: string; text: string };

function quoteTurns(turns: Turn[], lang: "zh" | "en", style: "gt" | "qq"): string {
  // Most recent first; each older one nested one level deeper (gt style) or stacked (QQ Mail style).
  let out = "";
  turns.forEach((t, depth) => {
    if (style === "qq") {
      out += `\n\n------------------ 原始邮件 ------------------\n发件人: "${t.name}"\n发送时间: ${t.date}\n收件人: "OKPay Support"\n主题: ${t.subject}\n\n${t.text}`;
    } else {
      const q = (n: number) => (n ? `${">".repeat(n)} ` : "");
      const head = lang === "zh" ? `在 ${t.date}，${t.name} 写道：` : `On ${t.date}, ${t.name} wrote:`;
      out += `\n\n${q(depth)}${head}\n${t.text.split("\n").map((l) => q(depth + 1) + l).join("\n")}`;
    }
  });
  return out;
}

function quoteTurnsHtml(turns: Turn[], lang: "zh" | "en"): string {
  let out = "";
  for (const t of [...turns].reverse()) {
    const head = lang === "zh" ? `在 ${esc(t.date)}，${esc(t.name)} 写道：` : `On ${esc(t.date)}, ${esc(t.name)} wrote:`;
    out = `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">${head}<br></div><blockquote class="gmail_quote" style="margin: 0px 0px 0px 0.8ex; border-left: 1px solid rgb(204, 204, 204); padding-left: 1ex;">${t.text.split("\n").map(esc).join("<br>\r\n")}${out}</blockquote></div>\r\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attachments

function pngLike(r: Rng, size: number): Buffer {
  const head = Buffer.from("89504e470d0a1a0a0000000d49484452000004380000078008060000", "hex");
  return Buffer.concat([head, r.bytes(size - head.length)]);
}

function pdfLike(r: Rng, size: number): Buffer {
  const head = Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Length ${size} /Filter /FlateDecode >>\nstream\n`, "latin1");
  const tail = Buffer.from("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");
  return Buffer.concat([head, r.bytes(Math.max(0, size - head.length - tail.length)), tail]);
}

function csvStatement(r: Rng, lang: "zh" | "en", size: number): Buffer {
  const lines = [lang === "zh" ? "日期,时间,类型,金额,状态,流水号" : "date,time,type,amount,status,reference"];
  let n = lines[0]!.length;
  while (n < size) {
    const line = statementLines(r, lang, 1)[0]!.replace(/\s{2,}/g, ",").replace(" ", ",");
    lines.push(line);
    n += Buffer.byteLength(line) + 2;
  }
  return Buffer.from(lines.join("\r\n"), "utf8");
}

type Attachment = { filename: string; content: Buffer; contentType: string; contentTransferEncoding: "base64" };

function makeAttachment(r: Rng, lang: "zh" | "en", budget: number): Attachment {
  const size = Math.min(budget, r.int(20, 300) * 1024);
  const roll = r.next();
  let a: Attachment;
  if (roll < 0.55) a = { filename: lang === "zh" ? `转账截图_${r.int(1, 30)}.png` : `Screenshot_2026-11-${r.int(10, 24)}.png`, content: pngLike(r, size), contentType: "image/png", contentTransferEncoding: "base64" };
  else if (roll < 0.9) a = { filename: lang === "zh" ? "银行回单.pdf" : "bank-statement.pdf", content: pdfLike(r, size), contentType: "application/pdf", contentTransferEncoding: "base64" };
  else a = { filename: lang === "zh" ? "交易明细.csv" : "transactions.csv", content: csvStatement(r, lang, Math.min(size, 60 * 1024)), contentType: "text/csv", contentTransferEncoding: "base64" };
  ATTACHMENT_TOKEN.copy(a.content, ATTACHMENT_SLOT_OFFSET);
  return a;
}

// ---------------------------------------------------------------------------------------------
// Composition

const BASE_DATE = Date.UTC(2026, 10, 20, 1, 0, 0);

/** An Ed25519 key from a fixed seed, so signatures (and the whole set) are reproducible. */
function dkimKey(seed: Buffer): string {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
}

function gbkEncodedWord(s: string): string {
  return `=?gb2312?B?${iconv.encode(s, "gbk").toString("base64")}?=`;
}

function base64Lines(buf: Buffer): string {
  return (buf.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");
}

/** What Foxmail and older Outlook in Chinese locales send: gb2312 labels, GBK bytes, base64 bodies. */
function composeGbk(m: { fromName: string; from: string; subject: string; text: string; html: string | null; messageId: string; date: Date; label: string }): Buffer {
  const boundary = `----=_NextPart_${m.messageId.replace(/[^a-z0-9]/gi, "").slice(0, 12)}_0001`;
  const headers = [
    `From: ${gbkEncodedWord(m.fromName)} <${m.from}>`,
    `To: "OKPay Support" <${SUPPORT_ADDRESS}>`,
    `Subject: ${gbkEncodedWord(m.subject)}`,
    `Date: ${m.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${m.messageId}`,
    "MIME-Version: 1.0",
    "X-Mailer: Foxmail 7.2.25.228[cn]",
    "X-Priority: 3",
  ];
  const text = base64Lines(iconv.encode(m.text.replace(/\n/g, "\r\n"), "gbk"));
  if (!m.html) {
    headers.push(`Content-Type: text/plain;\r\n\tcharset="${m.label}"`, "Content-Transfer-Encoding: base64");
    return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${text}\r\n`, "latin1");
  }
  headers.push(`Content-Type: multipart/alternative;\r\n\tboundary="${boundary}"`);
  const html = base64Lines(iconv.encode(m.html.replace('charset=utf-8', `charset=${m.label}`), "gbk"));
  const body = [
    "This is a multi-part message in MIME format.", "",
    `--${boundary}`, `Content-Type: text/plain;\r\n\tcharset="${m.label}"`, "Content-Transfer-Encoding: base64", "", text, "",
    `--${boundary}`, `Content-Type: text/html;\r\n\tcharset="${m.label}"`, "Content-Transfer-Encoding: base64", "", html, "",
    `--${boundary}--`, "",
  ].join("\r\n");
  return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${body}`, "latin1");
}

function pickKind(r: Rng): MessageKind {
  const x = r.next();
  if (x < 0.28) return "plain";
  if (x < 0.45) return "html";
  if (x < 0.48) return "statement";
  if (x < 0.63) return "reply";
  if (x < 0.73) return "gbk";
  return "attachment";
}

function findAll(haystack: Buffer, needle: string, from = 0, to = haystack.length): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle, from, "latin1"); i !== -1 && i < to; i = haystack.indexOf(needle, i + needle.length, "latin1")) out.push(i);
  return out;
}

function headerLength(raw: Buffer): number {
  const i = raw.indexOf("\r\n\r\n");
  return i === -1 ? raw.length : i;
}

export type MessageSetOptions = { seed?: number; size?: number };

export async function buildMessageSet(options: MessageSetOptions = {}): Promise<MessageTemplate[]> {
  const seed = options.seed ?? 20261125;
  const total = options.size ?? 200;
  const r = createRng(seed);
  const key = dkimKey(createRng(seed ^ 0x5eed).bytes(32));
  const people: Person[] = [];
  const sent: { index: number; person: Person; subject: string; messageId: string; text: string; date: Date }[] = [];
  const templates: MessageTemplate[] = [];

  for (let index = 0; index < total; index++) {
    let kind = pickKind(r);
    // Replies need someone who wrote before; the first few are always new conversations.
    if (kind === "reply" && sent.length < 5) kind = "plain";
    const earlier = kind === "reply" ? r.pick(sent) : null;
    const lang: "zh" | "en" = kind === "gbk" ? "zh" : earlier ? earlier.person.lang : r.chance(0.6) ? "zh" : "en";
    let person: Person;
    if (earlier) person = earlier.person;
    else if (people.length > 10 && r.chance(0.15)) person = r.pick(people.filter((p) => p.lang === lang).length ? people.filter((p) => p.lang === lang) : people);
    else {
      person = makePerson(r, lang, people.length);
      people.push(person);
    }
    const from = addressOf(person);
    const date = new Date(BASE_DATE + index * 7 * 60_000 + r.int(0, 300_000));
    const messageId = `<${date.getTime().toString(36)}.${index}.${HEADER_TOKEN}@mail.${person.domain}>`;
    const sig = signature(person, r);

    let targetText: number;
    if (kind === "statement") targetText = r.int(20, 40) * 1024;
    else if (kind === "reply") targetText = r.int(1, 6) * 1024;
    else targetText = r.int(1, 7) * 1024;
    const body = customerText(r, person, targetText);
    let subject = body.subject;
    let text = toPlain(body, sig);
    let html: string | null = null;
    const attachments: Attachment[] = [];
    const extraHeaders: Record<string, string> = {};
    let inReplyTo: string | undefined;
    let references: string | undefined;

    if (kind === "html" || kind === "statement") html = toHtml(body, sig, lang);
    if (kind === "statement") {
      // A pasted statement: the HTML table is where the size is.
      const rows = statementLines(r, lang, r.int(250, 600));
      html = html!.replace("</body>", `<table style="font-size: 12px; border-collapse: collapse;">\r\n${rows.map((row) => `<tr>${row.split(/\s{2,}/).map((c) => `<td style="border: 1px solid #dddddd; padding: 2px 6px; white-space: nowrap;">${esc(c)}</td>`).join("")}</tr>`).join("\r\n")}\r\n</table></body>`);
    }
    if (kind === "reply" && earlier) {
      const turns: Turn[] = [];
      const depth = r.int(1, 5);
      for (let t = 0; t < depth; t++) {
        const support = t % 2 === 0;
        turns.push({
          who: support ? "support" : "customer",
          name: support ? "OKPay Support" : person.name,
          date: lang === "zh" ? `2026年11月${r.int(1, 24)}日 ${r.int(8, 22)}:${r.int(10, 59)}` : `Fri, ${r.int(1, 24)} Nov 2026 at ${r.int(8, 22)}:${r.int(10, 59)}`,
          subject: earlier.subject,
          text: support ? `${r.pick(lang === "zh" ? SUPPORT_LINES_ZH : SUPPORT_LINES_EN)}\n\n${lang === "zh" ? "OKPay 客服中心" : "OKPay Support"}` : earlier.text,
        });
      }
      turns.push({ who: "customer", name: person.name, date: earlier.date.toUTCString(), subject: earlier.subject, text: earlier.text });
      subject = `${lang === "zh" ? r.pick(["回复：", "Re: ", "RE: "]) : r.pick(["Re: ", "RE: "])}${r.chance(0.5) ? `[PD-${r.int(100001, 100400)}] ` : ""}${earlier.subject}`;
      const quoted = quoteTurns(turns, lang, lang === "zh" && r.chance(0.5) ? "qq" : "gt");
      text = `${toPlain(body, sig)}${quoted}\n`;
      if (r.chance(0.5)) html = toHtml(body, sig, lang, quoteTurnsHtml(turns, lang));
      inReplyTo = earlier.messageId;
      references = sent.filter((s) => s.person === person && s.index <= earlier.index).slice(-5).map((s) => s.messageId).join(" ");
    }
    if (kind === "attachment") {
      if (r.chance(0.4)) html = toHtml(body, sig, lang);
      let budget = 380 * 1024;
      const n = r.chance(0.25) ? 2 : 1;
      for (let a = 0; a < n && budget > 20 * 1024; a++) {
        const att = makeAttachment(r, lang, budget);
        budget -= att.content.length;
        attachments.push(att);
      }
    }

    let raw: Buffer;
    if (kind === "gbk") {
      raw = composeGbk({
        fromName: person.name, from, subject, text, html: r.chance(0.5) ? toHtml(body, sig, lang) : null, messageId, date,
        label: r.chance(0.8) ? "gb2312" : "GBK",
      });
    } else {
      if (person.domain === "qq.com" || person.domain === "foxmail.com") extraHeaders["X-Mailer"] = "QQMail 2.x";
      raw = await new MailComposer({
        from: { name: person.name, address: from },
        to: `OKPay Support <${SUPPORT_ADDRESS}>`,
        subject,
        text: text.replace(/\n/g, "\r\n"),
        html: html ?? undefined,
        messageId,
        inReplyTo,
        references,
        date,
        headers: extraHeaders,
        attachments,
      }).compile().build();
    }

    const dkim = kind !== "gbk" && r.chance(0.55);
    if (dkim) {
      const signed = await dkimSign(raw, {
        algorithm: "ed25519-sha256", canonicalization: "relaxed/relaxed", signTime: date,
        signatureData: [{ signingDomain: person.domain, selector: "s2026", privateKey: key }],
      });
      if (!signed.signatures.startsWith("DKIM-Signature:")) throw new Error(`message ${index}: DKIM signing failed`);
      raw = Buffer.concat([Buffer.from(signed.signatures, "latin1"), raw]);
    }

    const headerEnd = headerLength(raw);
    const headerSlots = findAll(raw, HEADER_TOKEN, 0, headerEnd);
    const attachmentSlots = findAll(raw, ATTACHMENT_TOKEN_B64, headerEnd);
    if (attachmentSlots.length !== attachments.length) throw new Error(`message ${index}: found ${attachmentSlots.length} of ${attachments.length} attachment slots`);
    if (!headerSlots.length) throw new Error(`message ${index}: no header slot`);

    templates.push({ index, kind, language: lang, dkim, attachments: attachments.length, raw, from, headerSlots, attachmentSlots });
    sent.push({ index, person, subject: body.subject, messageId, text: toPlain(body, sig), date });
  }
  return templates;
}

/** Base-36, 8 characters: cycles 0 … 2.8 × 10^12. */
export function cycleToken(cycle: number): string {
  return cycle.toString(36).padStart(8, "0").slice(-8);
}

/** A fresh copy of the template for one cycle: its own sender, Message-ID and attachment bytes. */
export function instantiate(t: MessageTemplate, cycle: number): BenchMessage {
  const raw = Buffer.from(t.raw);
  const token = cycleToken(cycle);
  for (const at of t.headerSlots) raw.write(token, at, "latin1");
  t.attachmentSlots.forEach((at, i) => {
    const unique = Buffer.from(`${token}${t.index.toString(36).padStart(3, "0")}${i}`.slice(0, 12), "latin1");
    raw.write(unique.toString("base64"), at, "latin1");
  });
  return { raw, from: t.from.replace(HEADER_TOKEN, token), to: SUPPORT_ADDRESS, kind: t.kind };
}

/** Message number `i` of a run: cycles through the set, a new cycle every `set.length` messages. */
export function nthMessage(set: MessageTemplate[], i: number, cycleBase = 0): BenchMessage {
  return instantiate(set[i % set.length]!, cycleBase + Math.floor(i / set.length));
}

export function describeSet(set: MessageTemplate[]) {
  const sizes = set.map((t) => t.raw.length).sort((a, b) => a - b);
  const sum = sizes.reduce((a, b) => a + b, 0);
  const byKind = new Map<string, number>();
  for (const t of set) byKind.set(t.kind, (byKind.get(t.kind) ?? 0) + 1);
  return {
    count: set.length,
    totalBytes: sum,
    meanBytes: sum / set.length,
    minBytes: sizes[0] ?? 0,
    medianBytes: sizes[Math.floor(sizes.length / 2)] ?? 0,
    p90Bytes: sizes[Math.floor(sizes.length * 0.9)] ?? 0,
    maxBytes: sizes[sizes.length - 1] ?? 0,
    byKind: Object.fromEntries([...byKind].sort()),
    chinese: set.filter((t) => t.language === "zh").length,
    dkimSigned: set.filter((t) => t.dkim).length,
    withAttachments: set.filter((t) => t.attachments > 0).length,
  };
}
