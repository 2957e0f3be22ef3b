import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeIso2022Jp } from "./iso-2022-jp.ts";

const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

test("JIS X 0208 between ESC $ B and ESC ( B", () => {
  assert.equal(decodeIso2022Jp(bytes("\x1b$B$3$s$K$A$O\x1b(B")), "こんにちは");
  assert.equal(decodeIso2022Jp(bytes("Re: \x1b$B$*Ld$$9g$o$;\x1b(B #42")), "Re: お問い合わせ #42");
});

test("the older ESC $ @ and the ESC & @ ESC $ B revision prefix", () => {
  assert.equal(decodeIso2022Jp(bytes("\x1b$@F|K\\\x1b(J")), "日本");
  assert.equal(decodeIso2022Jp(bytes("\x1b&@\x1b$BF|K\\\x1b(B")), "日本");
});

test("half-width katakana via ESC ( I and via SO/SI", () => {
  assert.equal(decodeIso2022Jp(bytes("\x1b(I1\x1b(B")), "ｱ");
  assert.equal(decodeIso2022Jp(bytes("a\x0e1\x0fb")), "aｱb");
});

test("ISO-2022-JP-2 GB 2312 and KS C 5601 runs", () => {
  assert.equal(decodeIso2022Jp(bytes("\x1b$AVPND\x1b(B")), "中文");
  assert.equal(decodeIso2022Jp(bytes("\x1b$(CGQ19\x1b(B")), "한국");
});

test("a line break inside a double-byte run does not eat the text after it", () => {
  assert.equal(decodeIso2022Jp(bytes("\x1b$B$3$s\n$K$A$O\x1b(B")), "こん\nにちは");
});

test("broken input: unknown escapes, odd bytes, 8-bit bytes, truncated runs", () => {
  assert.equal(decodeIso2022Jp(bytes("a\x1bZb")), "aZb");
  assert.equal(decodeIso2022Jp(bytes("\x1b$B$3$")), "こ\uFFFD");
  assert.equal(decodeIso2022Jp(bytes("x\xffy")), "x\uFFFDy");
  assert.equal(decodeIso2022Jp(bytes("\x1b$")), "$");
  assert.equal(decodeIso2022Jp(new Uint8Array(0)), "");
});
