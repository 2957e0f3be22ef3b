// Evidence over HTTP: the published key, the help centre's archive checker at /verify-export (raw body,
// or the browser form with its token; JSON or a page in the reader's language), the redirect from the old
// address, and the agent download with its mailbox scope and audit entry.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { zipSync } from "fflate";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";
import { formToken, PortalVisitor } from "./portal-form.test-helper.ts";
import { portalCsp } from "./portal-page.ts";

/** The browser form as multipart: the hidden token (when given) first, then the file. */
function multipartBody(file: { filename: string; bytes: Buffer }, csrf?: string) {
  const boundary = "----paydesk-test-boundary";
  const body = Buffer.concat([
    Buffer.from(csrf === undefined ? "" : `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/zip\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Fetches the form (for its token and cookies) and posts the file the way the browser does. */
async function submitForm(visitor: PortalVisitor, file: { filename: string; bytes: Buffer }, lang = "en") {
  const form = await visitor.get(`/verify-export?lang=${lang}`);
  const { body, contentType } = multipartBody(file, formToken(form.body));
  return visitor.app.inject({
    method: "POST", url: "/verify-export", payload: body, remoteAddress: visitor.remoteAddress,
    headers: { "content-type": contentType, cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
  });
}

/** The problems listed on a result page. */
const problemsOn = (page: string) => /<ul class="reasons"[^>]*>([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? "";

await forEachDialect("evidence routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let admin: { authorization: string };
  let outsider: { authorization: string };
  let zip: Buffer;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    await createAgent(rt.ctx, { email: "ada@example.com", name: "Ada", role: "admin", password: "ada-long-passphrase" });
    await createAgent(rt.ctx, { email: "olaf@example.com", name: "Olaf", role: "agent", password: "olaf-long-passphrase" });
    admin = { authorization: `Bearer ${(await issueToken(rt.ctx, "ada@example.com", "ada-long-passphrase")).token}` };
    outsider = { authorization: `Bearer ${(await issueToken(rt.ctx, "olaf@example.com", "olaf-long-passphrase")).token}` };
    await acceptInbound(rt.ctx, {
      channel: "smtp", raw: await makeMail({ from: "zhang@example.net", subject: "账户冻结 account frozen", text: "我的账户被冻结了。" }),
      envelope: { mailFrom: "zhang@example.net", rcptTo: ["support@example.com"] },
    });
    await rt.runner.drain();
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("publishes the export key as PEM and JSON", async () => {
    const pem = await app.inject({ method: "GET", url: "/.well-known/paydesk-export-key.pem" });
    assert.equal(pem.statusCode, 200);
    assert.equal(pem.body, rt.ctx.services.exportKey.publicKeyPem);
    assert.match(pem.body, /^-----BEGIN PUBLIC KEY-----/);
    const json = (await app.inject({ method: "GET", url: "/.well-known/paydesk-export-key.json" })).json();
    assert.equal(json.algorithm, "Ed25519");
    assert.equal(json.fingerprint, rt.ctx.services.exportKey.fingerprint);
    assert.equal(json.installation.name, "OKPay");
  });

  it("lets an agent download the archive, audited, and hides tickets outside their mailboxes", async () => {
    assert.equal((await app.inject({ method: "GET", url: "/api/tickets/OK-100001/export.zip" })).statusCode, 401);
    assert.equal((await app.inject({ method: "GET", url: "/api/tickets/OK-100001/export.zip", headers: outsider })).statusCode, 404);
    assert.equal((await app.inject({ method: "GET", url: "/api/tickets/OK-999999/export.zip", headers: admin })).statusCode, 404);
    const res = await app.inject({ method: "GET", url: "/api/tickets/OK-100001/export.zip", headers: admin });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-type"], "application/zip");
    assert.equal(res.headers["content-disposition"], 'attachment; filename="OK-100001-evidence.zip"');
    zip = res.rawPayload;
    const audit = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "data.exported").execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.data_json).number, "OK-100001");
    assert.equal(audit[0]!.actor_kind, "agent");
  });

  it("shows the upload form on the help centre's shell, with the key fingerprint and no script", async () => {
    const res = await app.inject({ method: "GET", url: "/verify-export" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-security-policy"], portalCsp);
    assert.match(res.body, /<link rel="stylesheet" href="\/assets\/portal.css">/);
    assert.match(res.body, /<title>Check an evidence archive · OKPay<\/title>/);
    assert.match(res.body, /<form class="card" method="post" action="\/verify-export" enctype="multipart\/form-data">/);
    assert.match(res.body, /<input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(res.body, /<label for="archive-file">Archive \(\.zip, up to 100 MB\)<\/label>/);
    assert.ok(res.body.replace(/\s/g, "").includes(rt.ctx.services.exportKey.fingerprint));
    assert.match(res.body, /paydesk verify-export archive\.zip --key paydesk-export-key\.pem/);
    assert.doesNotMatch(res.body, /<script|style=/i);
    const zh = await app.inject({ method: "GET", url: "/verify-export", headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    assert.match(zh.body, /<html lang="zh-CN">/);
    assert.match(zh.body, /<h1>核验证据包<\/h1>/);
  });

  it("sends the old address on to the new one, keeping the method, the query and the body", async () => {
    const get = await app.inject({ method: "GET", url: "/help/verify-export?lang=zh-CN" });
    assert.equal(get.statusCode, 308);
    assert.equal(get.headers.location, "/verify-export?lang=zh-CN");
    const raw = await app.inject({ method: "POST", url: "/help/verify-export", payload: zip, headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(raw.statusCode, 308);
    assert.equal(raw.headers.location, "/verify-export");
    const form = multipartBody({ filename: "a.zip", bytes: zip });
    const multi = await app.inject({ method: "POST", url: "/help/verify-export", payload: form.body, headers: { "content-type": form.contentType } });
    assert.equal(multi.statusCode, 308);
    assert.equal(multi.headers.location, "/verify-export");
  });

  it("checks a raw archive for scripts, as JSON and without a form token", async () => {
    const json = await app.inject({ method: "POST", url: "/verify-export", payload: zip, headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().ok, true);
    assert.equal(json.json().ticket.number, "OK-100001");
    assert.equal(json.json().fingerprint, rt.ctx.services.exportKey.fingerprint);
    assert.equal(json.json().installationFingerprint, rt.ctx.services.exportKey.fingerprint);
  });

  it("checks the browser form's upload and lists what is wrong in the reader's language", async () => {
    const visitor = new PortalVisitor(app);
    const ok = await submitForm(visitor, { filename: "OK-100001-evidence.zip", bytes: zip });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers["content-security-policy"], portalCsp);
    assert.match(ok.body, /<section class="verdict official" data-verdict="valid"[^>]*><h2>Valid<\/h2>/);
    assert.match(ok.body, /OK-100001: 账户冻结 account frozen/);

    const tampered = Buffer.from(zip);
    const at = tampered.indexOf("Subject:");
    tampered[at + 1] = tampered[at + 1]! ^ 0x01;
    const bad = await submitForm(visitor, { filename: "OK-100001-evidence.zip", bytes: tampered });
    assert.equal(bad.statusCode, 200);
    assert.match(bad.body, /<section class="verdict lookalike" data-verdict="invalid"[^>]*><h2>Not valid<\/h2>/);
    assert.match(problemsOn(bad.body), /<li>“messages\/001-inbound\.eml” was changed: its SHA-256 does not match the manifest\.<\/li>/);

    const zh = await submitForm(visitor, { filename: "OK-100001-evidence.zip", bytes: tampered }, "zh-CN");
    assert.match(zh.body, /<h2>无效<\/h2>/);
    assert.match(problemsOn(zh.body), /<li>“messages\/001-inbound\.eml”已被改动：其 SHA-256 与清单不符。<\/li>/);
  });

  it("refuses a multipart upload without the form token", async () => {
    const form = multipartBody({ filename: "a.zip", bytes: zip });
    const page = await app.inject({ method: "POST", url: "/verify-export", payload: form.body, headers: { "content-type": form.contentType } });
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /This form has expired/);
    const json = await app.inject({ method: "POST", url: "/verify-export", payload: form.body, headers: { "content-type": form.contentType, accept: "application/json" } });
    assert.equal(json.statusCode, 403);
    assert.equal(json.json().error.code, "csrf_failed");
  });

  it("renders hostile names in a crafted archive as text, and explains every problem in Chinese", async () => {
    const evil = Buffer.from(zipSync({ "<script>alert(1)</script>.eml": new Uint8Array([1]) }, { level: 0 }));
    const page = await app.inject({ method: "POST", url: "/verify-export", payload: evil, headers: { "content-type": "application/zip" } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /<script>/);
    assert.match(page.body, /<h2>Not valid<\/h2>/);
    assert.match(problemsOn(page.body), /The archive has no manifest\.json/);

    const visitor = new PortalVisitor(app);
    for (const bytes of [evil, Buffer.from("not a zip at all")]) {
      const zh = await submitForm(visitor, { filename: "x.zip", bytes }, "zh-CN");
      const problems = problemsOn(zh.body);
      assert.match(problems, /<li>/);
      assert.doesNotMatch(problems, /lang="en"/, "each problem has its Chinese wording");
    }
  });

  it("refuses an empty upload with a readable page", async () => {
    const res = await app.inject({ method: "POST", url: "/verify-export", payload: Buffer.alloc(0), headers: { "content-type": "application/zip" } });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<p class="error" role="alert">Send the archive as the request body or as a file in the form\.<\/p>/);
    const json = await app.inject({ method: "POST", url: "/verify-export", payload: Buffer.alloc(0), headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(json.json().error.code, "invalid_input");
    const noFile = await submitForm(new PortalVisitor(app), { filename: "", bytes: Buffer.alloc(0) }, "zh-CN");
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /请选择要核验的证据包文件（\.zip）。/);
    assert.match(noFile.body, /<form class="card" method="post" action="\/verify-export"/, "the form comes again");
  });

  it("limits how many archives one address can check", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await app.inject({ method: "POST", url: "/verify-export", payload: Buffer.from("x"), headers: { "content-type": "application/zip", accept: "application/json" } });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses[0], 200, "a check within the limit is answered");
    assert.equal(statuses[30], 429);
    const page = await app.inject({ method: "POST", url: "/verify-export", payload: Buffer.from("x"), headers: { "content-type": "application/zip" } });
    assert.equal(page.statusCode, 429);
    assert.equal(page.headers["retry-after"], "300");
    assert.match(page.body, /Please wait a moment/);
    // Refused before the body is read: an archive over the size limit gets 429, not the parser's 413.
    const huge = await app.inject({ method: "POST", url: "/verify-export", payload: Buffer.alloc(101 * 1024 * 1024), headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(huge.statusCode, 429);
  });
});
