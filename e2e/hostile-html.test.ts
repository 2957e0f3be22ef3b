// Hostile HTML e-mails render inert in a real browser.
//
// Each attack arrives as its own e-mail over SMTP and goes through the whole pipeline. Its frame URL is then
// opened the way the console embeds it (<iframe sandbox src=…>) inside a page of PayDesk's origin, by an
// agent signed in with the session cookie. Every vector carries markers that report back if it works: a
// script posts a message to the parent, writes to window.top and opens a dialog; anything that loads
// calls a local "remote" trap server under /h/<vector>/.
//
// The markers are proven live first: the same HTML, unsanitised, in an ordinary same-origin frame must set
// them off (under /c/<vector>/). Those controls run after the hostile frames, so by the time every control
// has reported, a working hostile vector would have had at least as long to report too.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { makeMail } from "../src/server/test/mail-factory.ts";
import { launchBrowser } from "./support/browser.ts";
import { startTestPayDesk, type TestPayDesk } from "./support/paydesk-server.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

type Mark = "h" | "c";
type Vector = {
  name: string;
  html: (m: Mark, trap: string) => string;
  /** Needs a click to go off (links, form buttons). */
  click?: boolean;
  /** The unsanitised control gives no signal by design (e.g. deep nesting only costs time). */
  silent?: boolean;
};

// What a script does when it runs: tell the parent, write to the top window, open a dialog, call out.
const js = (m: Mark, name: string, trap: string) =>
  `parent.postMessage('${m}:${name}','*');try{(top.__pwned=top.__pwned||[]).push('${m}:${name}')}catch(e){}` +
  `new Image().src='${trap}/${m}/${name}/js-ran';alert('${m}:${name}')`;

const vectors: Vector[] = [
  { name: "script", html: (m, t) => `<p>Hello</p><script>${js(m, "script", t)}</script>` },
  { name: "event-handlers", html: (m, t) => `<img src="/no-such-image.png" onerror="${js(m, "event-handlers", t)}"><p onclick="${js(m, "event-handlers", t)}">click</p>` },
  { name: "javascript-link", click: true, html: (m, t) => `<a href="javascript:${js(m, "javascript-link", t)}">open your statement</a>` },
  { name: "svg-script", html: (m, t) => `<svg width="20" height="20"><script>${js(m, "svg-script", t)}</script><image href="${t}/${m}/svg-script/image.png" width="10" height="10"/></svg>` },
  { name: "svg-use", html: (m, t) => `<svg width="20" height="20"><use href="${t}/${m}/svg-use/sprite.svg#icon"/><image href="${t}/${m}/svg-use/img.png" width="5" height="5"/></svg>` },
  { name: "base", html: (m, t) => `<base href="${t}/${m}/base/"><img src="relative.png" alt="relative"><a href="relative-link">relative link</a>` },
  { name: "meta-refresh", html: (m, t) => `<meta http-equiv="refresh" content="0;url=${t}/${m}/meta-refresh/away"><p>wait</p>` },
  { name: "form", click: true, html: (m, t) => `<form action="${t}/${m}/form/submit" method="post"><input name="card" value="4111111111111111"><button type="submit">Confirm payment</button></form>` },
  { name: "iframe", html: (m, t) => `<iframe src="${t}/${m}/iframe/inner.html"></iframe>` },
  { name: "object", html: (m, t) => `<object data="${t}/${m}/object/doc.html" type="text/html"></object><embed src="${t}/${m}/object/embed.html" type="text/html">` },
  { name: "css-url", html: (m, t) => `<div style="background:url(${t}/${m}/css-url/bg.png);width:40px;height:40px">x</div>` },
  { name: "css-import", html: (m, t) => `<style>@import url(${t}/${m}/css-import/x.css);</style><p>styled</p>` },
  { name: "link-stylesheet", html: (m, t) => `<link rel="stylesheet" href="${t}/${m}/link-stylesheet/x.css"><p>linked</p>` },
  { name: "remote-image", html: (m, t) => `<p>Our logo:</p><img src="${t}/${m}/remote-image/pixel.png" alt="remote pixel">` },
  { name: "deep-nesting", silent: true, html: () => `${"<div>".repeat(5000)}bottom${"</div>".repeat(5000)}` },
];

type Hit = { path: string; userAgent: string };

function startTrap(hits: Hit[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    hits.push({ path: req.url ?? "", userAgent: String(req.headers["user-agent"] ?? "") });
    const url = req.url ?? "";
    if (url.endsWith(".png")) return res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (url.endsWith(".css")) return res.writeHead(200, { "content-type": "text/css" }).end("p{color:red}");
    if (url.endsWith(".svg")) return res.writeHead(200, { "content-type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg"><symbol id="icon"/></svg>');
    res.writeHead(200, { "content-type": "text/html" }).end("<p>trap</p>");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, explain: () => unknown = () => "", timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} ${JSON.stringify(explain())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The host page's own script: collects messages from frames, adds frames, signs in like the console does.
type HostWindow = {
  __messages: string[];
  __pwned?: string[];
  addFrame(src: string, sandboxed: boolean, id: string): Promise<void>;
  clearFrames(): void;
  signIn(email: string, password: string): Promise<{ status: number; body: { status?: string } }>;
};
const hostScript = `
window.__messages = [];
addEventListener("message", (e) => __messages.push(String(e.data)));
window.addFrame = (src, sandboxed, id) => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  if (sandboxed) frame.setAttribute("sandbox", "");
  frame.name = id;
  frame.title = id;
  frame.style.cssText = "width:600px;height:300px;flex:none";
  frame.addEventListener("load", () => resolve(), { once: true });
  frame.src = src;
  document.body.append(frame);
});
window.clearFrames = () => document.querySelectorAll("iframe").forEach((f) => f.remove());
window.signIn = async (email, password) => {
  const pre = await (await fetch("/api/session")).json();
  const res = await fetch("/api/session", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": pre.csrfToken },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json() };
};`;

const browser: Browser | null = await launchBrowser();

describe("hostile HTML e-mails in the browser", { skip: !browser }, () => {
  const hits: Hit[] = [];
  const dialogs: string[] = [];
  const popups: string[] = [];
  const browserRequests: string[] = [];
  let trap: Server;
  let trapBase: string;
  let pd: TestPayDesk;
  let context: BrowserContext;
  let page: Page;
  const messageIds = new Map<string, string>();
  const hostUrl = () => `${pd.baseUrl}/e2e-host`;

  /** Adds an iframe to the host page and waits for it to load; returns its Playwright frame. */
  async function addFrame(src: string, sandboxed: boolean, id: string): Promise<Frame> {
    await page.evaluate(([src, sandboxed, id]) => (globalThis as unknown as HostWindow).addFrame(src, sandboxed, id), [src, sandboxed, id] as const);
    return waitFor(`frame ${id}`, () => page.frames().find((f) => f.name() === id));
  }

  /** Clicks every link and button in a frame, as a curious agent would. */
  async function clickEverything(frame: Frame) {
    for (const el of await frame.locator("a, button, input[type=submit]").all()) {
      await el.click({ timeout: 5_000, noWaitAfter: true }).catch(() => undefined);
    }
  }

  const signalsFor = async (m: Mark, name: string) => {
    const messages = await page.evaluate(() => (globalThis as unknown as HostWindow).__messages);
    const pwned = await page.evaluate(() => (globalThis as unknown as HostWindow).__pwned ?? []);
    const tag = `${m}:${name}`;
    return [
      ...hits.filter((h) => h.path.startsWith(`/${m}/${name}/`)).map((h) => `request ${h.path}`),
      ...messages.filter((x) => x === tag).map(() => "postMessage"),
      ...pwned.filter((x) => x === tag).map(() => "window.top written"),
      ...dialogs.filter((x) => x === tag).map(() => "dialog"),
    ];
  };

  before(async () => {
    trap = await startTrap(hits);
    trapBase = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    pd = await startTestPayDesk({
      allowPrivateImageHosts: true,
      routes: (app) => {
        // A page of PayDesk's own origin standing in for the console around the frames.
        app.get("/e2e-host", (_req, reply) => reply.type("text/html")
          .header("Content-Security-Policy", "frame-ancestors 'none'")
          .send(`<!doctype html><title>host</title><script>${hostScript}</script><body style="display:flex;gap:8px;margin:0"></body>`));
        // The unsanitised control for one vector: an ordinary same-origin page, nothing forbidden.
        app.get<{ Params: { name: string } }>("/e2e-control/:name", (req, reply) => {
          const v = vectors.find((x) => x.name === req.params.name);
          if (!v) return reply.status(404).send();
          return reply.type("text/html").header("Content-Security-Policy", "frame-ancestors 'self'").header("X-Frame-Options", "SAMEORIGIN")
            .send(`<!doctype html><html><head></head><body>${v.html("c", trapBase)}</body></html>`);
        });
      },
    });
    await pd.createAgent({ email: "amy@example.com", password: "amy-long-passphrase-1", mailboxes: ["support@example.com"] });

    for (const [i, v] of vectors.entries()) {
      const messageId = `<hostile-${i}-${v.name}@mail.example.net>`;
      await pd.sendMail(await makeMail({
        from: `Mallory ${i} <mallory${i}@example.net>`, subject: `Your account ${v.name}`, messageId,
        text: `Please see the HTML part (${v.name}).`, html: `<html><head></head><body>${v.html("h", trapBase)}</body></html>`,
      }), { from: `mallory${i}@example.net` });
      const inbound = await pd.waitForInbound(messageId);
      assert.equal(inbound.status, "processed", `${v.name}: ${inbound.reason}`);
      messageIds.set(v.name, inbound.messageId!);
    }
    const inlineId = "<inline-image@mail.example.net>";
    await pd.sendMail(await makeMail({
      subject: "Screenshot", messageId: inlineId, html: '<p>See:</p><img src="cid:shot@mail.example.net" alt="screenshot">',
      attachments: [{ filename: "shot.png", content: PNG, contentType: "image/png", cid: "shot@mail.example.net" }],
    }));
    messageIds.set("inline-image", (await pd.waitForInbound(inlineId)).messageId!);

    context = await browser!.newContext();
    page = await context.newPage();
    page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on("popup", (p) => popups.push(p.url()));
    page.on("request", (r) => browserRequests.push(r.url()));
    await page.goto(hostUrl());
    const signIn = await page.evaluate(([email, password]) => (globalThis as unknown as HostWindow).signIn(email, password), ["amy@example.com", "amy-long-passphrase-1"] as const);
    assert.equal(signIn.body.status, "signed_in", JSON.stringify(signIn));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await pd?.close();
    await new Promise((resolve) => trap?.close(resolve));
  });

  it("renders every vector inert, while the same HTML unsanitised sets its markers off", async () => {
    const shows: Record<string, RegExp> = { "script": /Hello/, "deep-nesting": /bottom/, "remote-image": /\[image: remote pixel\]/ };
    for (const v of vectors) {
      // Side by side and on screen: browsers put off loads in frames nobody can see.
      const hostile = await addFrame(`/api/messages/${messageIds.get(v.name)}/html`, true, `h-${v.name}`);
      if (v.click) await clickEverything(hostile);
      const control = await addFrame(`/e2e-control/${v.name}`, false, `c-${v.name}`);
      if (v.click) await clickEverything(control);
      if (!v.silent) {
        await waitFor(`control signal for ${v.name}`, async () => ((await signalsFor("c", v.name)).length ? true : undefined),
          () => ({ trapHits: hits.slice(-5), browserRequests: browserRequests.slice(-5) }));
      }

      assert.deepEqual(await signalsFor("h", v.name), [], `${v.name} must stay inert`);
      assert.equal(hostile.url(), `${pd.baseUrl}/api/messages/${messageIds.get(v.name)}/html`, `${v.name}: the frame did not navigate`);
      // The frame really shows the message, not an error page.
      if (shows[v.name]) assert.match(await hostile.locator("body").innerText(), shows[v.name]!, v.name);
      await page.evaluate(() => (globalThis as unknown as HostWindow).clearFrames());
    }

    assert.deepEqual(hits.filter((h) => h.path.startsWith("/h/")), [], "no request reached the remote trap");
    assert.deepEqual(dialogs.filter((d) => d.startsWith("h:")), [], "no dialog");
    assert.deepEqual(popups, [], "no window opened");
    assert.deepEqual(browserRequests.filter((u) => u.startsWith(`${trapBase}/h/`)), [], "the browser did not even try");
    assert.equal(page.url(), hostUrl(), "the page did not navigate");
  });

  it("loads an allowed remote image only through the image proxy", async () => {
    const before = browserRequests.length;
    const proxied = page.waitForResponse((r) => r.url().startsWith(`${pd.baseUrl}/api/image-proxy?`));
    await addFrame(`/api/messages/${messageIds.get("remote-image")}/html?images=1`, true, "h-remote-image-allowed");
    const response = await proxied;
    assert.equal(response.status(), 200);
    assert.equal(response.headers()["content-type"], "image/png");
    const requested = browserRequests.slice(before);
    assert.deepEqual(requested.filter((u) => u.startsWith(trapBase)), [], "the browser never contacted the remote host");
    const trapped = hits.filter((h) => h.path.startsWith("/h/"));
    assert.deepEqual(trapped.map((h) => h.path), ["/h/remote-image/pixel.png"], "the proxy fetched exactly the image");
    assert.match(trapped[0]!.userAgent, /^PayDesk-ImageProxy\//);
  });

  // The frame's requests carry no session cookie (opaque origin), so the preview must accept the signed link.
  it("shows the message's own cid: image inside the frame", async () => {
    const preview = page.waitForRequest((r) => r.url().startsWith(`${pd.baseUrl}/api/attachments/`));
    await addFrame(`/api/messages/${messageIds.get("inline-image")}/html`, true, "inline-image");
    // A refused image is cut off by the browser (no response at all), so look at the request's outcome.
    const response = await (await preview).response();
    assert.equal(response?.status(), 200);
    assert.equal(response?.headers()["content-type"], "image/png");
  });
});
