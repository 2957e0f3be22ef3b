// Public evidence routes: the installation's export key (published so anyone can check an archive)
// and the help centre's archive checker at /verify-export. Checking changes nothing, so it needs no
// session; it is rate-limited per address because each check hashes up to 100 MB. The browser form is
// multipart with the form token; scripts may post the raw archive instead and ask for JSON.
// Each POST shows its chain: rate limit → read → form token (multipart) → verify → JSON or page.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError, isAppError } from "../../errors.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { verifyExport, type VerifyResult } from "../../modules/evidence/verify-export.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { assertFormToken, FORM_TOKEN_FIELD, issueFormToken } from "./form-token.ts";
import { checkFormToken, sendRateLimitedPage, visitorKey } from "./help-centre-notice.view.ts";
import { html, type SafeHtml } from "./html.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

export const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
export const VERIFY_EXPORT_PATH = "/verify-export";
/** Where the checker used to live; old links and PDF transcripts still point here. */
const OLD_PATH = "/help/verify-export";

const messages = defineMessages({
  title: "Check an evidence archive",
  intro: "An evidence archive (.zip) holds your whole exchange with us: every e-mail (.eml, with secrets still removed), a PDF transcript and a manifest signed with our key. Upload it to check that nothing in it was changed.",
  stored: "The archive is only checked, never stored.",
  file: "Archive (.zip, up to 100 MB)",
  check: "Check the archive",
  keyTitle: "Our signing key",
  keyText: "Archives are signed with this Ed25519 key. Its fingerprint (SHA-256) is:",
  download: "Download the public key",
  downloadJson: "as JSON",
  offlineTitle: "Check it on your own computer",
  offlineText: "Anyone can check an archive without trusting this website. With PayDesk installed:",
  opensslText: "Or with standard tools: unzip the archive, check each file's SHA-256 against manifest.json, then the signature:",
  validTitle: "Valid",
  valid: "This archive is intact and was signed with our key.",
  invalidTitle: "Not valid",
  invalid: "This archive was changed, or it was not made by us. Do not rely on what it contains.",
  problems: "What is wrong",
  ticket: "Ticket",
  exported: "Exported",
  messages: "Messages in the archive",
  inbound: "from you",
  outbound: "from us",
  attachments: "Attachments",
  again: "Check another archive",
  errorTitle: "This file could not be checked",
  e_noFile: "Choose the archive file (.zip) to check.",
  e_noBody: "Send the archive as the request body or as a file in the form.",
  e_tooLarge: "This file is larger than 100 MB. Our evidence archives are smaller: check that you chose the right file.",
  e_badUpload: "The upload could not be read. Choose one .zip file and try again.",
  p_compressed: "“{name}” is compressed or its sizes do not agree; our archives store every file uncompressed.",
  p_notZip: "This file is not a readable ZIP archive.",
  p_noManifest: "The archive has no manifest.json, so nothing in it can be checked.",
  p_noSignature: "The archive has no manifest.sig (the signature).",
  p_manifestJson: "manifest.json is damaged or was changed: it cannot be read.",
  p_manifestSchema: "manifest.json is not a manifest of our evidence archives.",
  p_keyUnreadable: "The key to check with cannot be read.",
  p_otherKey: "The archive says it was signed with the key {claimed}, which is not our key ({ours}).",
  p_keyMismatch: "The key inside the archive does not match the fingerprint its manifest states.",
  p_noKey: "manifest.json does not carry a readable key.",
  p_signatureDamaged: "The signature (manifest.sig) is damaged.",
  p_signatureMismatch: "The signature does not match manifest.json: the manifest was changed, or another key signed it.",
  p_zipStructure: "The ZIP structure around the files was changed, although each listed file is intact.",
  p_listedTwice: "The manifest lists “{name}” twice.",
  p_outOfPlace: "“{name}” is out of place: message {position} should be {expected}.",
  p_notListedKind: "“{name}” is listed in the manifest but is neither a message nor the transcript.",
  p_chainBreaks: "The hash chain breaks at “{name}”: a message was removed, reordered or changed.",
  p_missing: "“{name}” is missing from the archive.",
  p_size: "“{name}” has {actual} bytes, but the manifest says {stated}: it was changed.",
  p_hash: "“{name}” was changed: its SHA-256 does not match the manifest.",
  p_noTranscript: "The manifest does not list transcript.pdf.",
  p_added: "“{name}” is in the archive but not in the manifest: it was added.",
}, {
  title: "核验证据包",
  intro: "证据包（.zip）包含您与我们的全部往来：每封邮件（.eml，敏感信息已隐去）、PDF 记录，以及用我们的密钥签名的清单。上传证据包即可确认其中内容未被改动。",
  stored: "证据包只用于核验，不会被保存。",
  file: "证据包（.zip，最大 100 MB）",
  check: "核验证据包",
  keyTitle: "我们的签名密钥",
  keyText: "证据包使用此 Ed25519 密钥签名，其指纹（SHA-256）为：",
  download: "下载公钥",
  downloadJson: "JSON 格式",
  offlineTitle: "在您自己的电脑上核验",
  offlineText: "任何人都可以不依赖本网站来核验证据包。安装 PayDesk 后运行：",
  opensslText: "或使用通用工具：解压证据包，按 manifest.json 核对每个文件的 SHA-256，再验证签名：",
  validTitle: "有效",
  valid: "此证据包完整，且由我们的密钥签名。",
  invalidTitle: "无效",
  invalid: "此证据包已被改动，或并非由我们生成。请不要依赖其中的内容。",
  problems: "问题所在",
  ticket: "工单",
  exported: "导出时间",
  messages: "证据包中的消息",
  inbound: "您发出",
  outbound: "我们发出",
  attachments: "附件",
  again: "核验其他证据包",
  errorTitle: "无法核验此文件",
  e_noFile: "请选择要核验的证据包文件（.zip）。",
  e_noBody: "请将证据包作为请求正文或表单中的文件发送。",
  e_tooLarge: "此文件超过 100 MB。我们的证据包没有这么大，请确认您选择了正确的文件。",
  e_badUpload: "无法读取上传的内容。请选择一个 .zip 文件后重试。",
  p_compressed: "“{name}”经过压缩或大小不一致；我们的证据包中所有文件均未压缩。",
  p_notZip: "此文件不是可读取的 ZIP 压缩包。",
  p_noManifest: "证据包中没有 manifest.json，因此无法核验任何内容。",
  p_noSignature: "证据包中没有 manifest.sig（签名）。",
  p_manifestJson: "manifest.json 已损坏或被改动，无法读取。",
  p_manifestSchema: "manifest.json 不是我们证据包的清单。",
  p_keyUnreadable: "用于核验的密钥无法读取。",
  p_otherKey: "证据包声称由密钥 {claimed} 签名，但这不是我们的密钥（{ours}）。",
  p_keyMismatch: "证据包内的密钥与清单中写明的指纹不符。",
  p_noKey: "manifest.json 中没有可读取的密钥。",
  p_signatureDamaged: "签名（manifest.sig）已损坏。",
  p_signatureMismatch: "签名与 manifest.json 不符：清单已被改动，或由其他密钥签名。",
  p_zipStructure: "文件周围的 ZIP 结构已被改动，尽管清单中的每个文件都完好。",
  p_listedTwice: "清单中“{name}”出现了两次。",
  p_outOfPlace: "“{name}”位置不对：第 {position} 封消息应为 {expected}。",
  p_notListedKind: "清单中列出的“{name}”既不是消息也不是记录文件。",
  p_chainBreaks: "哈希链在“{name}”处断开：有消息被删除、调换顺序或改动。",
  p_missing: "证据包中缺少“{name}”。",
  p_size: "“{name}”有 {actual} 字节，但清单写明为 {stated} 字节：它已被改动。",
  p_hash: "“{name}”已被改动：其 SHA-256 与清单不符。",
  p_noTranscript: "清单中没有列出 transcript.pdf。",
  p_added: "“{name}”在证据包中，但不在清单里：它是后来加入的。",
});

type Key = keyof typeof messages.en;
type T = ReturnType<typeof messagesFor<Key>>;

// The verifier reports each problem as an English sentence (kept as is in the JSON answer and the CLI);
// the page says the same in the reader's language. A sentence not listed here is shown as it came.
const problemPatterns: [Key, RegExp][] = [
  ["p_compressed", /^"(?<name>.*)" is compressed or has inconsistent sizes/s],
  ["p_notZip", /^This file is not a readable ZIP archive/],
  ["p_noManifest", /^The archive has no manifest\.json/],
  ["p_noSignature", /^The archive has no manifest\.sig/],
  ["p_manifestJson", /^manifest\.json is not valid JSON/],
  ["p_manifestSchema", /^manifest\.json is not a PayDesk evidence manifest/],
  ["p_keyUnreadable", /^The public key given for checking cannot be read/],
  ["p_otherKey", /^The archive says it was signed with the key (?<claimed>[0-9a-f ]+), which is not the key it was checked against \((?<ours>[0-9a-f ]+)\)/],
  ["p_keyMismatch", /^The key inside the archive does not match the fingerprint/],
  ["p_noKey", /^manifest\.json does not carry a readable Ed25519 public key/],
  ["p_signatureDamaged", /^manifest\.sig is damaged/],
  ["p_signatureMismatch", /^The signature does not match manifest\.json/],
  ["p_zipStructure", /^The ZIP structure around the files was changed/],
  ["p_listedTwice", /^The manifest lists "(?<name>.*)" twice\.$/s],
  ["p_outOfPlace", /^"(?<name>.*)" is out of place: message (?<position>\d+) should be (?<expected>.*)\.$/s],
  ["p_notListedKind", /^"(?<name>.*)" is listed in the manifest but is neither a message nor the transcript\.$/s],
  ["p_chainBreaks", /^The hash chain breaks at "(?<name>.*)":/s],
  ["p_missing", /^"(?<name>.*)" is missing from the archive\.$/s],
  ["p_size", /^"(?<name>.*)" has (?<actual>\d+) bytes; the manifest says (?<stated>\d+): it was changed\.$/s],
  ["p_hash", /^"(?<name>.*)" was changed: its SHA-256 does not match the manifest\.$/s],
  ["p_noTranscript", /^The manifest does not list transcript\.pdf/],
  ["p_added", /^"(?<name>.*)" is in the archive but not in the manifest: it was added\.$/s],
];

export function describeProblem(lang: PortalLanguage, problem: string): SafeHtml {
  const t = messagesFor(messages, lang);
  for (const [key, pattern] of problemPatterns) {
    const m = pattern.exec(problem);
    if (m) return html`<li>${t(key, m.groups ? { ...m.groups } : undefined)}</li>`;
  }
  return html`<li${lang === "en" ? "" : html` lang="en"`}>${problem}</li>`;
}

const groupHex = (fp: string) => fp.match(/.{1,4}/g)!.join(" ");

const wantsJson = (req: FastifyRequest) => {
  const accept = String(req.headers.accept ?? "");
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
};

function renderUploadForm(t: T, token: string): SafeHtml {
  return html`<form class="card" method="post" action="${VERIFY_EXPORT_PATH}" enctype="multipart/form-data">
  <input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">
  <div class="field">
    <label for="archive-file">${t("file")}</label>
    <input type="file" id="archive-file" name="file" accept=".zip,application/zip" required aria-describedby="archive-file-hint">
    <span class="muted" id="archive-file-hint">${t("stored")}</span>
  </div>
  <button type="submit">${t("check")}</button>
</form>`;
}

function renderFormPage(ctx: Ctx, t: T, token: string, problem: string | null): SafeHtml {
  const fp = ctx.services.exportKey.fingerprint;
  return html`<h1>${problem ? t("errorTitle") : t("title")}</h1>
${problem ? html`<p class="error" role="alert">${problem}</p>` : html`<p>${t("intro")}</p>`}
${renderUploadForm(t, token)}
<section class="card" aria-labelledby="key-title">
  <h2 id="key-title">${t("keyTitle")}</h2>
  <p>${t("keyText")}</p>
  <p><code class="fingerprint">${groupHex(fp)}</code></p>
  <p><a href="/.well-known/paydesk-export-key.pem" download="paydesk-export-key.pem">${t("download")}</a> · <a href="/.well-known/paydesk-export-key.json">${t("downloadJson")}</a></p>
</section>
<section class="card" aria-labelledby="offline-title">
  <h2 id="offline-title">${t("offlineTitle")}</h2>
  <p>${t("offlineText")}</p>
  <pre><code>paydesk verify-export archive.zip --key paydesk-export-key.pem</code></pre>
  <p>${t("opensslText")}</p>
  <pre><code>base64 -d manifest.sig &gt; manifest.sig.bin
openssl pkeyutl -verify -pubin -inkey paydesk-export-key.pem -rawin -in manifest.json -sigfile manifest.sig.bin</code></pre>
</section>`;
}

function renderResult(lang: PortalLanguage, t: T, r: VerifyResult): SafeHtml {
  const verdict = r.ok
    ? html`<section class="verdict official" data-verdict="valid" aria-live="polite"><h2>${t("validTitle")}</h2><p>${t("valid")}</p></section>`
    : html`<section class="verdict lookalike" data-verdict="invalid" aria-live="polite"><h2>${t("invalidTitle")}</h2><p>${t("invalid")}</p>
<h3 id="problems-title">${t("problems")}</h3>
<ul class="reasons" aria-labelledby="problems-title">${r.problems.map((p) => describeProblem(lang, p))}</ul></section>`;
  const facts = r.ticket || r.exportedAt ? html`<dl class="card facts">
${r.ticket ? html`<dt>${t("ticket")}</dt><dd>${r.ticket.number}: ${r.ticket.subject}</dd>` : ""}
${r.exportedAt ? html`<dt>${t("exported")}</dt><dd><time datetime="${r.exportedAt}">${r.exportedAt}</time></dd>` : ""}
</dl>` : "";
  const list = r.messages.length ? html`<section class="card" aria-labelledby="messages-title">
<h2 id="messages-title">${t("messages")}</h2>
<ol>${r.messages.map((m) => html`<li>${m.date} · ${m.direction === "inbound" ? t("inbound") : t("outbound")} · ${m.from ?? "-"} · ${m.subject}${m.attachments.length ? html`<br><span class="muted">${t("attachments")}: ${m.attachments.join(", ")}</span>` : ""}</li>`)}</ol>
</section>` : "";
  return html`<h1>${t("title")}</h1>
${verdict}
${facts}
${list}
<p><a href="${VERIFY_EXPORT_PATH}">${t("again")}</a></p>`;
}

type Upload = { bytes: Buffer; multipart: boolean; token: string | undefined };

const uploadError = (reason: "e_noFile" | "e_noBody" | "e_tooLarge", status: "invalid_input" | "message_too_large", message: string) =>
  new AppError(status, message, { reason });

async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw uploadError("e_noBody", "invalid_input", "send the archive as the request body or as a multipart file");
    return { bytes: req.body, multipart: false, token: undefined };
  }
  let token: string | undefined;
  let bytes: Buffer | null = null;
  for await (const part of req.parts()) {
    if (part.type === "field") {
      if (part.fieldname === FORM_TOKEN_FIELD && typeof part.value === "string") token = part.value;
      continue;
    }
    const wanted = part.fieldname === "file" && bytes === null;
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) if (wanted) chunks.push(chunk as Buffer);
    if (part.file.truncated) throw uploadError("e_tooLarge", "message_too_large", "the archive is larger than 100 MB");
    if (wanted) bytes = Buffer.concat(chunks);
  }
  // A form sent without a chosen file still carries an empty file part.
  if (!bytes || bytes.length === 0) throw uploadError("e_noFile", "invalid_input", "choose an archive file to check");
  return { bytes, multipart: true, token };
}

/** What to tell the reader about a refused upload, or null for a failure that is ours (5xx). */
function uploadProblem(err: unknown): { status: number; key: Key } | null {
  if (isAppError(err)) {
    const reason = err.details?.reason;
    return err.status < 500 ? { status: err.status, key: typeof reason === "string" && reason in messages.en ? (reason as Key) : "e_badUpload" } : null;
  }
  const { statusCode, code } = err as { statusCode?: number; code?: string };
  if (!statusCode || statusCode < 400 || statusCode >= 500) return null;
  return { status: statusCode, key: code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "e_tooLarge" : "e_badUpload" };
}

export function registerEvidenceRoutes(app: FastifyInstance, base: Ctx) {
  const { exportKey, config } = base.services;
  const limiter = createRateLimiter(30, 10 * 60_000, () => base.clock.now().getTime());

  app.get("/.well-known/paydesk-export-key.pem", async (_req, reply) =>
    reply.type("text/plain; charset=utf-8").header("Cache-Control", "public, max-age=3600").send(exportKey.publicKeyPem));

  app.get("/.well-known/paydesk-export-key.json", async (_req, reply) =>
    reply.header("Cache-Control", "public, max-age=3600").send({
      algorithm: "Ed25519", fingerprint: exportKey.fingerprint, publicKeyPem: exportKey.publicKeyPem,
      installation: { name: config.companyName, url: config.publicUrl },
    }));

  // The old address answers before its body is read: 308 keeps the method and body, so a script that
  // posted there posts again to the new address.
  app.route({
    method: ["GET", "POST"], url: OLD_PATH,
    onRequest: async (req, reply) => {
      const q = req.url.indexOf("?");
      return reply.redirect(VERIFY_EXPORT_PATH + (q >= 0 ? req.url.slice(q) : ""), 308);
    },
    handler: async (_req, reply) => reply,
  });

  function sendForm(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, lang: PortalLanguage, problem: { status: number; key: Key } | null) {
    const t = messagesFor(messages, lang);
    return sendPortalPage(ctx, reply, {
      lang, path: VERIFY_EXPORT_PATH, title: t("title"), status: problem?.status ?? 200,
      body: renderFormPage(ctx, t, issueFormToken(ctx, req, reply), problem ? t(problem.key) : null),
    });
  }

  app.get(VERIFY_EXPORT_PATH, async (req, reply) => sendForm(requestCtx(base, req), req, reply, negotiateLanguage(req, reply), null));

  app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_ARCHIVE_BYTES, files: 1, fields: 5, parts: 6 } });
    scope.addContentTypeParser(["application/zip", "application/x-zip-compressed", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: MAX_ARCHIVE_BYTES }, (_req, body, done) => done(null, body));

    // The limit is taken before the body is read: a client over it does not get to upload 100 MB again.
    const overLimit = async (req: FastifyRequest, reply: FastifyReply) => {
      if (limiter.take(visitorKey(req))) return;
      if (!wantsJson(req)) return sendRateLimitedPage(requestCtx(base, req), reply, negotiateLanguage(req, reply), VERIFY_EXPORT_PATH);
      reply.header("Retry-After", "300");
      throw new AppError("rate_limited", "too many checks from your address; try again in a few minutes");
    };

    scope.post(VERIFY_EXPORT_PATH, { bodyLimit: MAX_ARCHIVE_BYTES, onRequest: overLimit }, async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      const ctx = requestCtx(base, req);
      const json = wantsJson(req);
      let upload: Upload;
      try {
        upload = await readUpload(req);
      } catch (err) {
        const problem = json ? null : uploadProblem(err);
        if (!problem) throw err;
        return sendForm(ctx, req, reply, lang, problem);
      }
      // A browser form carries the form token; a script posting the raw archive cannot be made to by another site.
      if (upload.multipart) {
        if (json) assertFormToken(ctx, req, upload.token);
        else if (!checkFormToken(ctx, req, reply, lang, VERIFY_EXPORT_PATH, upload.token)) return reply;
      }
      const result = verifyExport(upload.bytes, { publicKeyPem: exportKey.publicKeyPem });
      if (json) return reply.send({ ...result, installationFingerprint: exportKey.fingerprint });
      const t = messagesFor(messages, lang);
      return sendPortalPage(ctx, reply, { lang, path: VERIFY_EXPORT_PATH, title: t("title"), body: renderResult(lang, t, result) });
    });
  });
}
