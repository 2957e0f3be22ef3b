import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { decodeBytes, decodeMimeWords } from "./charset.ts";

const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");
const b64 = (b: Buffer): string => b.toString("base64");
const qHex = (b: Buffer): string => [...b].map((x) => `=${x.toString(16).toUpperCase().padStart(2, "0")}`).join("");

// 镕 珺 喆 are in GBK but not in GB 2312; mail clients still label such text gb2312.
const GBK_ONLY = "朱镕基 李珺 王喆，请核实退款。";

test("decodeBytes: GBK-only characters under every GB 2312 family label", () => {
  const bytes = iconv.encode(GBK_ONLY, "gbk");
  for (const label of ["gb2312", "GB2312", "gbk", "x-gbk", "gb_2312-80", "euc-cn", "cp936", '"gb2312"', "GB18030"]) {
    assert.equal(decodeBytes(bytes, label), GBK_ONLY, label);
  }
});

test("decodeBytes: GB18030 four-byte characters under a gb2312/gbk label", () => {
  const text = "王𠮷 𠮷野家";
  const bytes = iconv.encode(text, "gb18030");
  assert.equal(decodeBytes(bytes, "gb2312"), text);
  assert.equal(decodeBytes(bytes, "gbk"), text);
});

test("decodeBytes: Big5 and Big5-HKSCS (Cantonese) text", () => {
  const text = "您好，帳戶餘額沒有更新，請協助查詢。";
  assert.equal(decodeBytes(iconv.encode(text, "big5"), "big5"), text);
  const cantonese = "我哋嘅錢轉咗過去";
  assert.equal(decodeBytes(iconv.encode(cantonese, "big5-hkscs"), "big5"), cantonese);
  assert.equal(decodeBytes(iconv.encode(cantonese, "big5-hkscs"), "x-x-big5"), cantonese);
});

test("decodeBytes: ISO-2022-JP", () => {
  const hello = Buffer.from("\x1b$B$3$s$K$A$O\x1b(B", "latin1");
  assert.equal(decodeBytes(hello, "iso-2022-jp"), "こんにちは");
  assert.equal(decodeBytes(hello, "ISO-2022-JP"), "こんにちは");
  // 8-bit bytes under an ISO-2022-JP label: the sender actually used Shift_JIS.
  assert.equal(decodeBytes(iconv.encode("お問い合わせ", "shift_jis"), "iso-2022-jp"), "お問い合わせ");
});

test("decodeBytes: Shift_JIS is read as CP932 (NEC/IBM extensions)", () => {
  const text = "①②③ 髙橋 様";
  assert.equal(decodeBytes(iconv.encode(text, "cp932"), "shift_jis"), text);
  assert.equal(decodeBytes(iconv.encode(text, "cp932"), "Shift-JIS"), text);
});

test("decodeBytes: EUC-KR and ks_c_5601-1987 are read as CP949", () => {
  // 똠 is only in the CP949 (UHC) extension, not in EUC-KR proper.
  const text = "안녕하세요 똠방각하";
  const bytes = iconv.encode(text, "cp949");
  assert.equal(decodeBytes(bytes, "ks_c_5601-1987"), text);
  assert.equal(decodeBytes(bytes, "euc-kr"), text);
});

test("decodeBytes: Western labels are windows-1252", () => {
  const text = "€ 12 – “quoted” café";
  const bytes = iconv.encode(text, "windows-1252");
  assert.equal(decodeBytes(bytes, "iso-8859-1"), text);
  assert.equal(decodeBytes(bytes, "us-ascii"), text);
  assert.equal(decodeBytes(bytes, "windows-1252"), text);
});

test("decodeBytes: other single-byte charsets as declared", () => {
  assert.equal(decodeBytes(iconv.encode("Привет, мир", "windows-1251"), "windows-1251"), "Привет, мир");
  assert.equal(decodeBytes(iconv.encode("Привет, мир", "koi8-r"), "koi8-r"), "Привет, мир");
  assert.equal(decodeBytes(iconv.encode("Zażółć gęślą jaźń", "iso-8859-2"), "ISO_8859-2"), "Zażółć gęślą jaźń");
  assert.equal(decodeBytes(iconv.encode("Ελληνικά", "windows-1253"), "cp1253"), "Ελληνικά");
});

test("decodeBytes: UTF-8 under a wrong label is recognised", () => {
  const text = "您好，退款已经到账了，谢谢。";
  assert.equal(decodeBytes(utf8(text), "gb2312"), text);
  assert.equal(decodeBytes(utf8(text), "big5"), text);
  assert.equal(decodeBytes(utf8("Grüße"), "iso-8859-1"), "Grüße");
  assert.equal(decodeBytes(utf8("Привет"), "windows-1251"), "Привет");
});

test("decodeBytes: utf-8 label or no label with bytes that are not UTF-8", () => {
  const zh = "您好，我的账户被冻结了，请帮忙处理。";
  const gbk = iconv.encode(zh, "gbk");
  assert.equal(decodeBytes(gbk, "utf-8"), zh);
  assert.equal(decodeBytes(gbk, undefined), zh);
  assert.equal(decodeBytes(gbk, "x-unknown-charset"), zh);
  // Accented Latin text must not be mistaken for Chinese.
  for (const latin of ["Müller café résumé", "Grüße aus Köln", "Ärger über Öl", "São Paulo, ação", "naïve façade"]) {
    const bytes = iconv.encode(latin, "windows-1252");
    assert.equal(decodeBytes(bytes, "utf-8"), latin, latin);
    assert.equal(decodeBytes(bytes, undefined), latin, latin);
  }
  assert.equal(decodeBytes(utf8("plain ascii"), undefined), "plain ascii");
  assert.equal(decodeBytes(utf8("中文 ✓"), "utf8"), "中文 ✓");
});

test("decodeBytes: byte-order marks win over the label", () => {
  assert.equal(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8("中文")]), "gb2312"), "中文");
  assert.equal(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("中文", "utf16le")]), undefined), "中文");
});

test("decodeBytes: UTF-7 is refused as a charset", () => {
  // Decoding this as UTF-7 would produce "<script>".
  assert.equal(decodeBytes(utf8("+ADw-script+AD4-"), "utf-7"), "+ADw-script+AD4-");
});

test("decodeBytes: empty input", () => {
  assert.equal(decodeBytes(Buffer.alloc(0), "gb2312"), "");
});

test("decodeMimeWords: adjacent words of one charset are joined", () => {
  assert.equal(decodeMimeWords("=?UTF-8?B?5Lit?= =?UTF-8?B?5paH?="), "中文");
  assert.equal(decodeMimeWords("=?UTF-8?B?5Lit?=\r\n =?UTF-8?B?5paH?="), "中文");
  assert.equal(decodeMimeWords("=?UTF-8?B?5Lit?==?UTF-8?B?5paH?="), "中文");
});

test("decodeMimeWords: a multibyte character split across two B words", () => {
  const bytes = utf8("退款");
  const header = `=?utf-8?b?${b64(bytes.subarray(0, 2))}?= =?UTF-8?B?${b64(bytes.subarray(2))}?=`;
  assert.equal(decodeMimeWords(header), "退款");
  // The same with a GBK character split in the middle, labels gb2312 and gbk mixed.
  const gbk = iconv.encode("镕", "gbk");
  assert.equal(decodeMimeWords(`=?gb2312?B?${b64(gbk.subarray(0, 1))}?= =?GBK?B?${b64(gbk.subarray(1))}?=`), "镕");
});

test("decodeMimeWords: a multibyte character split across two Q words", () => {
  const bytes = utf8("中");
  assert.equal(decodeMimeWords(`=?utf-8?q?${qHex(bytes.subarray(0, 1))}?= =?utf-8?Q?${qHex(bytes.subarray(1))}_ok?=`), "中 ok");
});

test("decodeMimeWords: base64 split off a four-character boundary", () => {
  assert.equal(decodeMimeWords("=?UTF-8?B?5Lit5p?= =?UTF-8?B?aH?="), "中文");
});

test("decodeMimeWords: gb2312-labelled subject with GBK-only characters", () => {
  const header = `Re: =?gb2312?B?${b64(iconv.encode("实名认证失败 - 李珺喆", "gbk"))}?=`;
  assert.equal(decodeMimeWords(header), "Re: 实名认证失败 - 李珺喆");
});

test("decodeMimeWords: lowercase encodings, underscores, plain text around words", () => {
  assert.equal(decodeMimeWords("=?iso-8859-1?q?caf=E9_au_lait?= (order 42)"), "café au lait (order 42)");
  assert.equal(decodeMimeWords("Re: =?utf-8?b?6YCA5qy+?= please"), "Re: 退款 please");
  assert.equal(decodeMimeWords("[PD-100001]=?utf-8?B?6YCA5qy+?=done"), "[PD-100001]退款done");
});

test("decodeMimeWords: different charsets next to each other", () => {
  const big5 = b64(iconv.encode("帳戶", "big5"));
  assert.equal(decodeMimeWords(`=?utf-8?B?5Lit5paH?= =?big5?B?${big5}?=`), "中文帳戶");
});

test("decodeMimeWords: unknown and missing charsets, RFC 2231 language tag", () => {
  assert.equal(decodeMimeWords(`=?x-unknown?B?${b64(utf8("héllo 中文"))}?=`), "héllo 中文");
  assert.equal(decodeMimeWords(`=?unknown-8bit?B?${b64(iconv.encode("您好，请退款", "gbk"))}?=`), "您好，请退款");
  assert.equal(decodeMimeWords(`=?UTF-8*zh-CN?B?${b64(utf8("退款"))}?=`), "退款");
});

test("decodeMimeWords: unterminated word at the end", () => {
  assert.equal(decodeMimeWords("Re: =?UTF-8?B?5Lit5paH"), "Re: 中文");
});

test("decodeMimeWords: text without encoded-words is unchanged, folding removed", () => {
  assert.equal(decodeMimeWords("Refund for order 1234"), "Refund for order 1234");
  assert.equal(decodeMimeWords("Refund for\r\n order 1234"), "Refund for order 1234");
  assert.equal(decodeMimeWords("a =? b ?= c"), "a =? b ?= c");
  assert.equal(decodeMimeWords(""), "");
});

test("garbage never throws", () => {
  let seed = 987654321;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const labels = [
    undefined, "", "gb2312", "big5", "iso-2022-jp", "shift_jis", "ks_c_5601-1987", "utf-8", "utf-16",
    "utf-32be", "windows-1252", "iso-8859-7", "utf-7", "base64", "hex", "__proto__", "constructor",
    "x-unknown", "=?", "*", "\u0000", "koi8-r", "gb18030", "euc-jp",
  ];
  const fragments = ["=?", "?=", "?B?", "?Q?", "?b?", "?q?", "utf-8", "gb2312", "=E4", "=", "_", " ", "\r\n", "5Lit", "?", "*", "\u0000", "中"];
  for (let round = 0; round < 2000; round++) {
    const bytes = Buffer.alloc(rand(64));
    for (let i = 0; i < bytes.length; i++) bytes[i] = rand(256);
    if (rand(4) === 0) bytes[0] = 0x1b;
    for (const label of labels) assert.equal(typeof decodeBytes(bytes, label), "string");
    let header = "";
    for (let i = rand(12); i > 0; i--) header += fragments[rand(fragments.length)];
    assert.equal(typeof decodeMimeWords(header), "string");
    assert.equal(typeof decodeMimeWords(bytes.toString("latin1")), "string");
  }
  // Wrong types from untyped callers.
  assert.equal(decodeMimeWords(undefined as unknown as string), "");
  assert.equal(decodeMimeWords(42 as unknown as string), "42");
  assert.equal(decodeBytes(undefined as unknown as Buffer, "utf-8"), "");
});

test("decodeMimeWords: hostile headers are processed in linear time", () => {
  const started = performance.now();
  decodeMimeWords("=?a?q?".repeat(200_000));
  decodeMimeWords("=?utf-8?B?" + "A".repeat(1_000_000));
  decodeMimeWords("=?utf-8?Q?" + "?".repeat(1_000_000));
  decodeMimeWords("=?utf-8?B?5Lit?= ".repeat(50_000));
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
});
