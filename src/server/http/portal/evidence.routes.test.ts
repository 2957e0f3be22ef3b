// Evidence over HTTP: the published key, the help-centre verifier (raw body, multipart, JSON or a page),
// and the agent download with its mailbox scope and audit entry.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { zipSync } from "fflate";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

const CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function multipartBody(field: string, filename: string, bytes: Buffer) {
  const boundary = "----paydesk-test-boundary";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/zip\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

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

  it("shows an upload form with the key fingerprint under a strict CSP and no script", async () => {
    const res = await app.inject({ method: "GET", url: "/help/verify-export" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-security-policy"], CSP);
    assert.match(res.body, /<form method="post" action="\/help\/verify-export\?lang=en" enctype="multipart\/form-data">/);
    assert.ok(res.body.replace(/\s/g, "").includes(rt.ctx.services.exportKey.fingerprint));
    assert.match(res.body, /paydesk verify-export/);
    assert.doesNotMatch(res.body, /<script|style=/i);
    const zh = await app.inject({ method: "GET", url: "/help/verify-export", headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    assert.match(zh.body, /<html lang="zh-CN">/);
    assert.match(zh.body, /验证证据存档/);
  });

  it("verifies an uploaded archive as raw bytes or multipart, as JSON or a page", async () => {
    const json = await app.inject({ method: "POST", url: "/help/verify-export", payload: zip, headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().ok, true);
    assert.equal(json.json().ticket.number, "OK-100001");
    assert.equal(json.json().fingerprint, rt.ctx.services.exportKey.fingerprint);

    const tampered = Buffer.from(zip);
    const at = tampered.indexOf("Subject:");
    tampered[at + 1] = tampered[at + 1]! ^ 0x01;
    const form = multipartBody("file", "OK-100001-evidence.zip", tampered);
    const page = await app.inject({ method: "POST", url: "/help/verify-export", payload: form.body, headers: { "content-type": form.contentType } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.equal(page.headers["content-security-policy"], CSP);
    assert.match(page.body, /Not valid/);
    assert.match(page.body, /&#34;messages\/001-inbound\.eml&#34; was changed/);

    const good = multipartBody("file", "a.zip", zip);
    const ok = await app.inject({ method: "POST", url: "/help/verify-export", payload: good.body, headers: { "content-type": good.contentType, accept: "application/json" } });
    assert.equal(ok.json().ok, true);
  });

  it("renders hostile names in a crafted archive as text", async () => {
    const evil = Buffer.from(zipSync({ "<script>alert(1)</script>.eml": new Uint8Array([1]) }, { level: 0 }));
    const page = await app.inject({ method: "POST", url: "/help/verify-export", payload: evil, headers: { "content-type": "application/zip" } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /<script>/);
    assert.match(page.body, /Not valid/);
  });

  it("refuses an empty upload with a readable page", async () => {
    const res = await app.inject({ method: "POST", url: "/help/verify-export", payload: Buffer.alloc(0), headers: { "content-type": "application/zip" } });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /send the archive/);
    const json = await app.inject({ method: "POST", url: "/help/verify-export", payload: Buffer.alloc(0), headers: { "content-type": "application/zip", accept: "application/json" } });
    assert.equal(json.json().error.code, "invalid_input");
  });

  it("limits how many archives one address can check", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await app.inject({ method: "POST", url: "/help/verify-export", payload: Buffer.from("x"), headers: { "content-type": "application/zip", accept: "application/json" } });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses[0], 200, "a check within the limit is answered");
    assert.equal(statuses[30], 429);
    const page = await app.inject({ method: "POST", url: "/help/verify-export", payload: Buffer.from("x"), headers: { "content-type": "application/zip" } });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /too many checks/);
  });
});
