// Public evidence routes: the installation's export key (published so anyone can check an archive)
// and the help-centre verifier. Verifying changes nothing, so it needs no session; it is rate-limited
// per address because each check hashes up to 100 MB.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError, isAppError } from "../../errors.ts";
import { verifyExport, type VerifyResult } from "../../modules/evidence/verify-export.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";

export const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const groupHex = (fp: string) => fp.match(/.{1,4}/g)!.join(" ");

type Lang = "en" | "zh-CN";

function pickLanguage(req: FastifyRequest): Lang {
  const asked = (req.query as { lang?: string } | undefined)?.lang;
  if (asked === "en" || asked === "zh-CN") return asked;
  return /^\s*zh/i.test(String(req.headers["accept-language"] ?? "")) ? "zh-CN" : "en";
}

const wantsJson = (req: FastifyRequest) => {
  const accept = String(req.headers.accept ?? "");
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
};

const words = {
  en: {
    title: "Check an evidence archive",
    intro: "An evidence archive (.zip) holds your whole exchange with us: every e-mail (.eml, with secrets still removed), a PDF transcript and a manifest signed with our key. Upload it to check that nothing in it was changed.",
    file: "Archive (.zip, up to 100 MB)", check: "Check", key: "Our signing key",
    keyText: "Archives are signed with this Ed25519 key. Its fingerprint (SHA-256) is:",
    download: "Download the public key", offline: "Check it on your own computer",
    offlineText: "Anyone can check an archive without trusting this website. With PayDesk installed:",
    opensslText: "Or with standard tools: unzip the archive, check each file's SHA-256 against manifest.json, then the signature:",
    valid: "Valid: this archive is intact and was signed with our key.",
    invalid: "Not valid: this archive was changed or was not made by us.",
    problems: "What is wrong", ticket: "Ticket", exported: "Exported", messages: "Messages",
    inbound: "from you", outbound: "from us", again: "Check another archive", other: "中文",
  },
  "zh-CN": {
    title: "验证证据存档",
    intro: "证据存档（.zip）包含您与我们的全部往来：每封邮件（.eml，敏感信息已隐去）、PDF 记录，以及用我们的密钥签名的清单。上传存档即可确认其中内容未被改动。",
    file: "存档（.zip，最大 100 MB）", check: "验证", key: "我们的签名密钥",
    keyText: "存档使用此 Ed25519 密钥签名，其指纹（SHA-256）为：",
    download: "下载公钥", offline: "在您自己的电脑上验证",
    offlineText: "任何人都可以不依赖本网站来验证存档。安装 PayDesk 后运行：",
    opensslText: "或使用通用工具：解压存档，按 manifest.json 核对每个文件的 SHA-256，再验证签名：",
    valid: "有效：此存档完整，且由我们的密钥签名。",
    invalid: "无效：此存档已被改动，或并非由我们生成。",
    problems: "问题", ticket: "工单", exported: "导出时间", messages: "消息",
    inbound: "您发出", outbound: "我们发出", again: "验证其他存档", other: "English",
  },
};

function page(lang: Lang, title: string, body: string): string {
  const t = words[lang];
  const switchTo = lang === "en" ? "zh-CN" : "en";
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main>
<p><a href="/help/verify-export?lang=${switchTo}" hreflang="${switchTo}">${t.other}</a></p>
${body}
</main></body></html>`;
}

function formPage(base: Ctx, lang: Lang): string {
  const t = words[lang];
  const fp = base.services.exportKey.fingerprint;
  return page(lang, t.title, `<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="post" action="/help/verify-export?lang=${lang}" enctype="multipart/form-data">
<p><label>${t.file}<br><input type="file" name="file" accept=".zip,application/zip" required></label></p>
<p><button type="submit">${t.check}</button></p>
</form>
<h2>${t.key}</h2>
<p>${t.keyText}</p>
<p><code>${groupHex(fp)}</code></p>
<p><a href="/.well-known/paydesk-export-key.pem" download="paydesk-export-key.pem">${t.download}</a> · <a href="/.well-known/paydesk-export-key.json">JSON</a></p>
<h2>${t.offline}</h2>
<p>${t.offlineText}</p>
<pre>paydesk verify-export archive.zip --key paydesk-export-key.pem</pre>
<p>${t.opensslText}</p>
<pre>base64 -d manifest.sig &gt; manifest.sig.bin
openssl pkeyutl -verify -pubin -inkey paydesk-export-key.pem -rawin -in manifest.json -sigfile manifest.sig.bin</pre>`);
}

function resultPage(lang: Lang, r: VerifyResult): string {
  const t = words[lang];
  const rows = r.messages.map((m) => `<li>${escapeHtml(m.date)} · ${m.direction === "inbound" ? t.inbound : t.outbound} · ${escapeHtml(m.from ?? "-")} · ${escapeHtml(m.subject)}</li>`).join("\n");
  return page(lang, t.title, `<h1>${t.title}</h1>
<p><strong>${r.ok ? t.valid : t.invalid}</strong></p>
${r.problems.length ? `<h2>${t.problems}</h2>\n<ul>${r.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("\n")}</ul>` : ""}
${r.ticket ? `<p>${t.ticket}: ${escapeHtml(r.ticket.number)} · ${escapeHtml(r.ticket.subject)}</p>` : ""}
${r.exportedAt ? `<p>${t.exported}: ${escapeHtml(r.exportedAt)}</p>` : ""}
${rows ? `<h2>${t.messages}</h2>\n<ol>${rows}</ol>` : ""}
<p><a href="/help/verify-export?lang=${lang}">${t.again}</a></p>`);
}

async function readArchive(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: MAX_ARCHIVE_BYTES, files: 1 } });
    if (!part) throw new AppError("invalid_input", "choose an archive file to check");
    return part.toBuffer();
  }
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError("invalid_input", "send the archive as the request body or as a multipart file");
  return req.body;
}

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).header("Content-Security-Policy", PAGE_CSP).type("text/html; charset=utf-8").send(html);
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

  app.get("/help/verify-export", async (req, reply) => sendHtml(reply, 200, formPage(base, pickLanguage(req))));

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_ARCHIVE_BYTES, files: 1, fields: 5, parts: 6 } });
    scope.addContentTypeParser(["application/zip", "application/x-zip-compressed", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: MAX_ARCHIVE_BYTES }, (_req, body, done) => done(null, body));

    // POST /help/verify-export — rate limit → read the zip (raw body or multipart) → verify → JSON or a page
    scope.post("/help/verify-export", { bodyLimit: MAX_ARCHIVE_BYTES }, async (req, reply) => {
      const lang = pickLanguage(req);
      try {
        if (!limiter.take(req.ip)) throw new AppError("rate_limited", "too many checks from your address; try again in a few minutes");
        const result = verifyExport(await readArchive(req), { publicKeyPem: exportKey.publicKeyPem });
        if (wantsJson(req)) return reply.send({ ...result, installationFingerprint: exportKey.fingerprint });
        return sendHtml(reply, 200, resultPage(lang, result));
      } catch (err) {
        if (wantsJson(req)) throw err;
        const status = isAppError(err) ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
        if (status >= 500) throw err;
        return sendHtml(reply, status, page(lang, words[lang].title, `<h1>${words[lang].title}</h1>\n<p>${escapeHtml((err as Error).message)}</p>\n<p><a href="/help/verify-export?lang=${lang}">${words[lang].again}</a></p>`));
      }
    });
  });
}
