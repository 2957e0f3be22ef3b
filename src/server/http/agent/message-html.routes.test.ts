// The message frame and the image proxy over HTTP (app.inject), per dialect.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { listAudit } from "../../modules/audit/audit.commands.ts";
import { signImageProxyUrl, verifyInlineImageUrl } from "../../modules/tickets/message-image.policy.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { buildHttpApp } from "../app.ts";
import { messageFrameCsp } from "./message-html.routes.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

await forEachDialect("message frame and image proxy", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let images: Server;
  let imagesBase: string;
  const hits: string[] = [];
  let supportAgent: { authorization: string };
  let billingAgent: { authorization: string };

  async function ingest(raw: Buffer, to = "support@example.com") {
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "x@example.net", rcptTo: [to] } });
    await rt.runner.drain();
  }
  async function token(email: string, mailbox: string) {
    const mailboxId = (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", mailbox).executeTakeFirstOrThrow()).id;
    await createAgent(rt.ctx, { email, name: email, role: "agent", password: "long enough passphrase", mailboxIds: [mailboxId] });
    return { authorization: `Bearer ${(await issueToken(rt.ctx, email, "long enough passphrase")).token}` };
  }
  async function messageIdOf(subject: string) {
    return (await rt.ctx.db.selectFrom("messages").select("id").where("subject", "=", subject).executeTakeFirstOrThrow()).id;
  }
  const get = (url: string, headers: Record<string, string> = supportAgent) => app.inject({ method: "GET", url, headers });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "Support" }, { address: "billing@example.com", name: "Billing" }],
    });
    app = await buildHttpApp(rt.ctx);
    images = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/pixel.png") return res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      if (req.url === "/moved.png") return res.writeHead(302, { location: "/pixel.png" }).end();
      if (req.url === "/page.png") return res.writeHead(200, { "content-type": "image/png" }).end("<html><script>alert(1)</script></html>");
      if (req.url === "/huge.png") return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
    imagesBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    supportAgent = await token("sam@example.com", "support@example.com");
    billingAgent = await token("bea@example.com", "billing@example.com");
    await ingest(await makeMail({
      subject: "frame test",
      html: `<p onclick="alert(1)">Hello<script>alert(2)</script></p><img src="${imagesBase}/pixel.png" alt="remote"><img src="cid:logo@mail.example"><a href="javascript:alert(3)">x</a>`,
      attachments: [{ filename: "logo.png", content: PNG, contentType: "image/png", cid: "logo@mail.example" }],
    }));
    await ingest(await makeMail({ subject: "plain only", text: "Just <text>" }));
  });
  after(async () => {
    await app.close();
    await rt.close();
    await new Promise((resolve) => images.close(resolve));
  });

  it("needs a signed-in agent", async () => {
    const id = await messageIdOf("frame test");
    assert.equal((await get(`/api/messages/${id}/html`, {})).statusCode, 401);
  });

  it("serves a sanitised document with the frame's own CSP and framing headers", async () => {
    const id = await messageIdOf("frame test");
    const res = await get(`/api/messages/${id}/html`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(res.headers["content-security-policy"], messageFrameCsp);
    assert.equal(res.headers["x-frame-options"], "SAMEORIGIN");
    assert.equal(res.headers["cache-control"], "private, no-store");
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.match(res.body, /^<!doctype html>/);
    assert.match(res.body, /Hello/);
    assert.doesNotMatch(res.body, /<script|onclick|javascript:|127\.0\.0\.1/i);
    assert.match(res.body, /\[image: remote\]/);
    const cid = /<img src="(\/api\/attachments\/([^?"]+)\?inline=1&amp;e=(\d+)&amp;s=([a-z2-7]+))"/.exec(res.body);
    assert.ok(cid, "the cid: image points at the attachment preview");
    assert.ok(verifyInlineImageUrl(rt.ctx, cid[2]!, { e: cid[3], s: cid[4] }));
    assert.ok(!verifyInlineImageUrl(rt.ctx, "another-attachment", { e: cid[3], s: cid[4] }), "the signature names one attachment");
    assert.equal(hits.length, 0, "rendering fetched nothing");

    const other = await get("/api/tickets");
    assert.equal(other.headers["x-frame-options"], "DENY", "other routes keep the strict defaults");
    assert.match(String(other.headers["content-security-policy"]), /frame-ancestors 'none'/);
  });

  it("points remote images at the signed image proxy only when the agent allows them", async () => {
    const id = await messageIdOf("frame test");
    const res = await get(`/api/messages/${id}/html?images=1`);
    const src = /<img alt="remote" src="(\/api\/image-proxy\?[^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, "&");
    assert.ok(src, res.body);
    assert.equal(new URL(src, "http://x").searchParams.get("u"), `${imagesBase}/pixel.png`);
    assert.equal((await get(`/api/messages/${id}/html?images=yes`)).statusCode, 400);
  });

  it("shows a text-only message as text", async () => {
    const res = await get(`/api/messages/${await messageIdOf("plain only")}/html`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<pre class="pd-text">Just &lt;text&gt;/);
  });

  it("answers a message outside the agent's mailboxes exactly like a missing one, and audits the try", async () => {
    const id = await messageIdOf("frame test");
    const foreign = await get(`/api/messages/${id}/html`, billingAgent);
    const missing = await get(`/api/messages/00000000-0000-7000-8000-000000000000/html`, billingAgent);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.body, missing.body);
    const denied = await listAudit(rt.ctx, { action: "access.denied" });
    assert.ok(denied.entries.some((e) => e.data.ticketId !== undefined), "the denied read is in the audit log");
  });

  it("proxies a signed image and nothing else", async () => {
    const signed = signImageProxyUrl(rt.ctx, `${imagesBase}/pixel.png`);
    rt.ctx.services.imageProxyAllowPrivate = false;
    const refused = await get(signed, {});
    assert.equal(refused.statusCode, 403, "loopback is not a public address");
    assert.equal(hits.length, 0);

    rt.ctx.services.imageProxyAllowPrivate = true;
    try {
      const ok = await get(signed, {});
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers["content-type"], "image/png");
      assert.equal(ok.headers["content-security-policy"], "default-src 'none'");
      assert.equal(ok.headers["x-content-type-options"], "nosniff");
      assert.deepEqual(ok.rawPayload, PNG);
      assert.deepEqual(hits, ["/pixel.png"]);

      const tampered = signed.replace("pixel.png", "huge.png");
      assert.equal((await get(tampered, {})).statusCode, 403, "the signature covers the URL");
      assert.equal((await get("/api/image-proxy?u=x", {})).statusCode, 400);
      assert.equal((await get(signImageProxyUrl(rt.ctx, `${imagesBase}/moved.png`), {})).statusCode, 200, "redirects are followed");
      assert.equal((await get(signImageProxyUrl(rt.ctx, `${imagesBase}/page.png`), {})).statusCode, 404, "HTML labelled as PNG is refused");
      assert.equal((await get(signImageProxyUrl(rt.ctx, `${imagesBase}/huge.png`), {})).statusCode, 404, "over 5 MB is refused");
      assert.equal((await get(signImageProxyUrl(rt.ctx, `file:///etc/passwd`), {})).statusCode, 400);

      rt.clock.advance(13 * 3600_000);
      assert.equal((await get(signed, {})).statusCode, 403, "signed links expire");
    } finally {
      rt.ctx.services.imageProxyAllowPrivate = false;
    }
  });
});
