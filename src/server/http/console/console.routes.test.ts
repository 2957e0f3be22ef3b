// The console's static files: a real bundle in a temp folder, its CSP, caching, and the missing-bundle answer.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { buildWeb } from "../../../../scripts/build-web.mjs";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { buildHttpApp } from "../app.ts";
import { consoleCsp, registerConsoleRoutes } from "./console.routes.ts";

describe("console files", () => {
  const dir = mkdtempSync(join(tmpdir(), "paydesk-console-"));
  const empty = mkdtempSync(join(tmpdir(), "paydesk-console-empty-"));
  let built: Awaited<ReturnType<typeof buildWeb>>;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  before(async () => {
    built = await buildWeb({ outDir: dir });
    app = Fastify();
    registerConsoleRoutes(app, { dir });
    bare = Fastify();
    registerConsoleRoutes(bare, { dir: empty });
  });
  after(async () => {
    await app.close();
    await bare.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it("serves index.html that references only hashed files, with no inline script or style", async () => {
    const res = await app.inject({ method: "GET", url: "/console/" });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.equal(res.headers["content-security-policy"], consoleCsp);
    assert.equal(res.headers["cache-control"], "no-cache");
    assert.ok(res.body.includes(`src="/console/assets/${built.script}"`));
    assert.ok(res.body.includes(`href="/console/assets/${built.style}"`));
    assert.match(built.script, /^main-[A-Z0-9]{8}\.js$/);
    assert.doesNotMatch(res.body, /<script>|<style|\sstyle=|\son\w+=/i);
    const redirect = await app.inject({ method: "GET", url: "/console" });
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, "/console/");
  });

  it("serves assets for a year as immutable, and nothing outside the assets folder", async () => {
    const js = await app.inject({ method: "GET", url: `/console/assets/${built.script}` });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(js.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.ok(js.body.length > 1000);
    const css = await app.inject({ method: "GET", url: `/console/assets/${built.style}` });
    assert.equal(css.headers["content-type"], "text/css; charset=utf-8");
    for (const url of ["/console/assets/missing-ABCDEFGH.js", "/console/assets/..%2Findex.html", "/console/assets/%2E%2E%2F%2E%2E%2Fpackage.json", "/console/assets/index.html"]) {
      const res = await app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 404, url);
    }
  });

  it("answers 503 with the command to run when the console was not built", async () => {
    const res = await bare.inject({ method: "GET", url: "/console/" });
    assert.equal(res.statusCode, 503);
    assert.match(String(res.headers["content-type"]), /^text\/plain/);
    assert.match(res.body, /npm run build:web/);
  });

  it("keeps serving the old index until the new one is in place when rebuilt", async () => {
    const again = await buildWeb({ outDir: dir });
    const res = await app.inject({ method: "GET", url: "/console/" });
    assert.ok(res.body.includes(again.script));
    assert.deepEqual(again.files.sort(), [again.script, again.style].sort());
  });
});

await forEachDialect("console in the PayDesk app", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("gives the console its own CSP while the API keeps the strict default", async () => {
    // Built or not (200 or 503), the console answer carries the console's policy, not the default one.
    const page = await app.inject({ method: "GET", url: "/console/" });
    assert.ok([200, 503].includes(page.statusCode));
    assert.equal(page.headers["content-security-policy"], consoleCsp);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    const api = await app.inject({ method: "GET", url: "/healthz" });
    assert.notEqual(api.headers["content-security-policy"], consoleCsp);
    assert.match(String(api.headers["content-security-policy"]), /default-src 'none'/);
  });
});
