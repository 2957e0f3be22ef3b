// The console's fetch wrapper against a recorded fake fetch.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError, createApi, downloadName } from "./api.ts";

type Call = { url: string; init: RequestInit };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function fakeFetch(answers: Response[]) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    return next;
  };
  return { fetch, calls };
}
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe("console API client", () => {
  it("sends the CSRF token from the last answer on unsafe methods only, with same-origin cookies", async () => {
    const { fetch, calls } = fakeFetch([
      json(401, { error: { code: "unauthorized", message: "sign in" }, csrfToken: "pre-1" }),
      json(200, { status: "signed_in", csrfToken: "tok-2", agent: { id: "a1" } }),
      json(200, { views: [] }),
      json(200, { ticket: {} }),
      new Response(null, { status: 204 }),
    ]);
    const api = createApi({ fetch });
    await assert.rejects(api.get("/api/session"), (e: unknown) => e instanceof ApiError && e.status === 401);
    await api.post("/api/session", { email: "a@b.c", password: "x" });
    await api.get("/api/views", { view: "mine", status: "", cursor: null });
    await api.patch("/api/tickets/OK-1", { status: "open" });
    assert.equal(await api.del("/api/session"), undefined);

    assert.equal(header(calls[1]!, "X-CSRF-Token"), "pre-1");
    assert.equal(header(calls[2]!, "X-CSRF-Token"), undefined);
    assert.equal(calls[2]!.url, "/api/views?view=mine");
    assert.equal(header(calls[3]!, "X-CSRF-Token"), "tok-2");
    assert.equal(header(calls[4]!, "X-CSRF-Token"), "tok-2");
    assert.ok(calls.every((c) => c.init.credentials === "same-origin"));
    assert.equal(calls[3]!.init.body, JSON.stringify({ status: "open" }));
  });

  it("maps { error } bodies to ApiError and tells listeners when the session is gone", async () => {
    const { fetch } = fakeFetch([
      json(409, { error: { code: "conflict", message: "a message arrived" } }),
      json(401, { error: { code: "unauthorized", message: "session expired" } }),
      new Response("bad gateway", { status: 502, headers: { "content-type": "text/plain" } }),
    ]);
    const api = createApi({ fetch });
    const seen: string[] = [];
    api.onUnauthorized((e) => seen.push(e.code));
    await assert.rejects(api.post("/api/tickets/OK-1/replies", { text: "hi" }), { name: "ApiError", status: 409, code: "conflict", message: "a message arrived" });
    await assert.rejects(api.get("/api/tickets"), { status: 401, code: "unauthorized" });
    await assert.rejects(api.get("/api/views"), { status: 502, code: "internal", message: "bad gateway" });
    assert.deepEqual(seen, ["unauthorized"]);
  });

  it("fetches a fresh token and retries once after csrf_failed", async () => {
    const { fetch, calls } = fakeFetch([
      json(403, { error: { code: "csrf_failed", message: "bad token" } }),
      json(200, { agent: { id: "a1" }, csrfToken: "fresh" }),
      json(201, { ok: true }),
    ]);
    const api = createApi({ fetch });
    api.setCsrfToken("stale");
    assert.deepEqual(await api.post("/api/tickets/OK-1/notes", { text: "n" }), { ok: true });
    assert.equal(header(calls[0]!, "X-CSRF-Token"), "stale");
    assert.equal(calls[1]!.url, "/api/session");
    assert.equal(header(calls[2]!, "X-CSRF-Token"), "fresh");
  });

  it("uploads raw bytes with their own content type", async () => {
    const { fetch, calls } = fakeFetch([json(201, { id: "u1", filename: "收据.png", size: 3, contentType: "image/png" })]);
    const api = createApi({ fetch });
    api.setCsrfToken("t");
    await api.postBytes("/api/uploads?filename=%E6%94%B6%E6%8D%AE.png", new Blob([new Uint8Array([1, 2, 3])]), "image/png");
    assert.equal(header(calls[0]!, "Content-Type"), "image/png");
    assert.equal(header(calls[0]!, "X-CSRF-Token"), "t");
    assert.ok(calls[0]!.init.body instanceof Blob);
  });

  it("reads a download's file name from Content-Disposition", () => {
    assert.equal(downloadName("attachment; filename*=UTF-8''OK-100001-%E5%8E%9F%E4%BB%B6.eml"), "OK-100001-原件.eml");
    assert.equal(downloadName('attachment; filename="PD-100001-evidence.zip"'), "PD-100001-evidence.zip");
    assert.equal(downloadName("attachment; filename*=UTF-8''%E0%A4%A"), null);
    assert.equal(downloadName(null), null);
  });
});
