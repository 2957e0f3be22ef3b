import { test } from "node:test";
import assert from "node:assert/strict";
import { redactHtml } from "./index.ts";

test("redacts text inside tags and leaves the markup as it was", () => {
  const html = '<div class="msg" style="color:#333"><p>我的卡号是 <b>4111 1111 1111 1111</b>，密码是123456。</p></div>';
  const r = redactHtml(html);
  assert.equal(r.text, '<div class="msg" style="color:#333"><p>我的卡号是 <b>•••• 1111</b>，密码是••••••。</p></div>');
  assert.deepEqual(r.redactions.map((x) => x.kind), ["card_number", "password"]);
});

test("never touches tag names or attributes other than href, src, title and alt", () => {
  const html =
    '<table width="4111111111111111"><tr><td class="card-4111111111111111" data-pan="4111 1111 1111 1111" ' +
    'style="font-family:4111111111111111" id="pwd=abc123">ok</td></tr></table>';
  assert.deepEqual(redactHtml(html), { text: html, redactions: [] });
});

test("redacts href, title and alt values", () => {
  const html =
    '<a href="https://pay.example/verify?pan=4111111111111111&amp;x=1" title="card 4111 1111 1111 1111">link</a>' +
    "<img src=\"cid:4111111111111111\" alt='密码：abc123'>";
  const r = redactHtml(html);
  assert.equal(
    r.text,
    '<a href="https://pay.example/verify?pan=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%201111&amp;x=1" title="card •••• 1111">link</a>' +
      "<img src=\"cid:4111111111111111\" alt='密码：••••••'>",
  );
  assert.deepEqual(r.redactions.map((x) => x.kind), ["card_number", "card_number", "password"]);
});

test("reads percent-encoded mailto links and character references", () => {
  const r = redactHtml(
    '<a href="mailto:support@pay.example?body=%E5%AF%86%E7%A0%81%EF%BC%9Aabc123%EF%BC%8Ccard%204111%201111%201111%201111">mail</a>',
  );
  assert.equal(
    r.text,
    '<a href="mailto:support@pay.example?body=%E5%AF%86%E7%A0%81%EF%BC%9A%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%EF%BC%8Ccard%20%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%201111">mail</a>',
  );
  assert.deepEqual(r.redactions.map((x) => x.kind), ["password", "card_number"]);

  const entities = redactHtml("<p>4111&nbsp;1111&#160;1111&#x20;1111 &amp; 密码&#65306;abc123</p>");
  assert.equal(entities.text, "<p>•••• 1111 &amp; 密码&#65306;••••••</p>");
});

test("reads a phrase across inline tags, and a label's value in the next line or cell", () => {
  assert.equal(redactHtml("<p><b>密码：</b>abc123</p>").text, "<p><b>密码：</b>••••••</p>");
  assert.equal(
    redactHtml('<p>card <span>4111 1111</span> <span style="x">1111 1111</span> thanks</p>').text,
    // the separator between the spans is part of the number, so it goes too; the tags stay
    '<p>card <span>•••• 1111</span><span style="x"></span> thanks</p>',
  );
  // two table cells are two pieces of text, so neither is a card
  const cells = "<table><tr><td>4111 1111</td><td>1111 1111</td></tr></table>";
  assert.deepEqual(redactHtml(cells), { text: cells, redactions: [] });
  const rows = "<table>\n <tr><td>4111 1111</td></tr>\n <tr><td>1111 1111</td></tr>\n</table>";
  assert.deepEqual(redactHtml(rows), { text: rows, redactions: [] });
  assert.equal(redactHtml("<p>密码：<br>abc123</p>").text, "<p>密码：<br>••••••</p>");
  assert.equal(redactHtml("<div>密码：</div>abc123").text, "<div>密码：</div>••••••");
  assert.equal(redactHtml("<p>密码：</p>\n  <p>abc12345</p>").text, "<p>密码：</p>\n  <p>••••••</p>");
  assert.equal(redactHtml("<table><tr><td>密码：</td><td>abc12345</td></tr></table>").text, "<table><tr><td>密码：</td><td>••••••</td></tr></table>");
  assert.equal(redactHtml("<table><tr>\n<td>CVV</td>\n<td>123</td></tr></table>").text, "<table><tr>\n<td>CVV</td>\n<td>•••</td></tr></table>");
  // but only one break: a label, an empty paragraph and then text are not a label and its value
  const apart = "<p>Password:</p><p>&nbsp;</p><p>see below</p>";
  assert.deepEqual(redactHtml(apart), { text: apart, redactions: [] });
});

test("reads a card wrapped over two lines, or broken by zero-width characters", () => {
  assert.equal(redactHtml("<p>card 4111 1111<br>1111 1111</p>").text, "<p>card •••• 1111<br></p>");
  assert.equal(redactHtml("<div>4111 1111 1111</div>\n<div>1111</div>").text, "<div>•••• 1111</div>\n<div></div>");
  assert.equal(redactHtml("<p>4111&ZeroWidthSpace;1111&shy;1111&#x200B;1111</p>").text, "<p>•••• 1111</p>");
});

test("redacts image addresses, but not the Content-ID of an inline image", () => {
  const r = redactHtml('<img src="https://img.example/p?card=4111111111111111&amp;pwd=hunter2x&amp;w=1">');
  assert.equal(
    r.text,
    '<img src="https://img.example/p?card=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%201111&amp;pwd=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2&amp;w=1">',
  );
  assert.deepEqual(r.redactions.map((x) => x.kind), ["card_number", "password"]);
  const cid = '<img src="cid:4111111111111111@mail" alt="x"><img src=CID:4111111111111111>';
  assert.deepEqual(redactHtml(cid), { text: cid, redactions: [] });
});

test("leaves script, style and comments alone", () => {
  const html = "<style>.x{}/* 4111111111111111 */</style><!-- 4111111111111111 --><script>var pwd='abc123'</script><p>ok</p>";
  assert.deepEqual(redactHtml(html), { text: html, redactions: [] });
});

test("is idempotent and never throws on broken markup", () => {
  const once = redactHtml('<p title="CVV: 123">卡 4111111111111111 123</p>');
  assert.equal(once.text, '<p title="CVV: •••">卡 •••• 1111 •••</p>');
  assert.deepEqual(redactHtml(once.text), { text: once.text, redactions: [] });
  for (const broken of ["<", "<p", "<a href=", '<a href="4111111111111111', "</", "<!--", "<p>4111111111111111", "&#xFFFFFFFF;", "&#0;", "<<>>"]) {
    assert.doesNotThrow(() => redactHtml(broken), broken);
  }
  assert.equal(redactHtml("<p>4111111111111111").text, "<p>•••• 1111");
  assert.equal(redactHtml("a < b 4111111111111111").text, "a < b •••• 1111");
});
