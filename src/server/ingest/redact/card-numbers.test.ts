import { test } from "node:test";
import assert from "node:assert/strict";
import { isLuhnValid } from "../../../common/secrets/luhn.ts";
import { redactText } from "./redact-text.ts";

function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)).replace(/\D/g, "");
}

function kinds(text: string): string[] {
  return redactText(text).redactions.map((r) => r.kind);
}

test("redacts Luhn-valid card numbers with any separator, keeping the last four", () => {
  const table: [string, string][] = [
    ["4111 1111 1111 1111", "•••• 1111"],
    ["4111111111111111", "•••• 1111"],
    ["5555-5555-5555-4444", "•••• 4444"],
    ["5555.5555.5555.4444", "•••• 4444"],
    ["378282246310005", "•••• 0005"],
    ["3782 822463 10005", "•••• 0005"],
    ["6222 0202 0000 0000 006", "•••• 0006"], // UnionPay, 19 digits
    ["6212260000000000000", "•••• 0000"], // UnionPay, 19 digits
    ["621485012345678900", "•••• 8900"], // 18 digits
    ["6011 1111 1111 1117", "•••• 1117"],
    ["4111\u00a01111\u00a01111\u00a01111", "•••• 1111"], // NBSP
    ["4111\u30001111\u30001111\u30001111", "•••• 1111"], // ideographic space
    ["4111 - 1111 - 1111 - 1111", "•••• 1111"],
    ["4111–1111–1111–1111", "•••• 1111"], // en dash
  ];
  for (const [input, expected] of table) {
    const r = redactText(`card: ${input}.`);
    assert.equal(r.text, `card: ${expected}.`, input);
    assert.deepEqual(r.redactions, [{ kind: "card_number", replacement: expected }], input);
  }
});

test("reads full-width digits and reports the last four in ASCII", () => {
  assert.equal(redactText("卡号４１１１ １１１１ １１１１ １１１１").text, "卡号•••• 1111");
  assert.equal(redactText("卡号５５５５５５５５５５５５４４４４。").text, "卡号•••• 4444。");
});

test("leaves Luhn-invalid numbers alone", () => {
  for (const input of ["4111 1111 1111 1112", "5555-5555-5555-4445", "378282246310006", "6222 0202 0000 0000 003"]) {
    assert.deepEqual(redactText(`card ${input}`), { text: `card ${input}`, redactions: [] }, input);
  }
});

test("never cuts a card out of a longer digit run", () => {
  const card = "4111111111111111";
  const runs = [
    `${card}000000000`, // 25 digits, a valid card at the start
    `000000000${card}`, // a valid card at the end
    `0000${card}00000`, // and in the middle
    `5${"5555555555554444"}`, // 17 digits
  ];
  for (const run of runs) {
    assert.ok(run.length > 16);
    for (const input of [`交易流水号 ${run}`, `txn ${run} done`, run.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)))]) {
      assert.deepEqual(redactText(input).redactions, [], input);
    }
  }
});

test("ignores numbers glued to letters, phone numbers and URL paths", () => {
  for (const input of [
    "order ORD4111111111111111",
    "order ORD-4111-1111-1111-1111",
    "order 4111111111111111A",
    "https://shop.example/orders/4111111111111111",
    "mail 4111111111111111@qq.com",
    "amount $4111111111111111",
  ]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("ignores dates, times, IP addresses and decimal amounts that happen to pass Luhn", () => {
  const samples = [
    "2024-01-15 12:30:18",
    "2024.01.15 2024.02.06",
    "192.168.100.209",
    "20240115123018", // yyyyMMddHHmmss
    "1700000000004", // Unix time in milliseconds
    "1234567890123.05",
    "0086 138 0013 8002",
    "+86 138 0013 8002",
  ];
  for (const input of samples) {
    assert.ok(isLuhnValid(asciiDigits(input)), `${input} should be a Luhn-valid digit string`);
    assert.deepEqual(redactText(`at ${input}`).redactions, [], input);
  }
});

test("finds two cards in one run when each is written as one group", () => {
  const r = redactText("cards 4111111111111111 5555555555554444");
  assert.equal(r.text, "cards •••• 1111 •••• 4444");
  assert.deepEqual(kinds("cards 4111111111111111 5555555555554444"), ["card_number", "card_number"]);
});

test("drops the CVV written next to a card", () => {
  const table: [string, string][] = [
    ["4111 1111 1111 1111 123", "•••• 1111 •••"],
    ["4111111111111111 123", "•••• 1111 •••"],
    ["4111111111111111/123", "•••• 1111/•••"],
    ["4111111111111111, 123", "•••• 1111, •••"],
    ["4111 1111 1111 1111 12/26 123", "•••• 1111 12/26 •••"],
    ["4111111111111111 12/2026, 123。", "•••• 1111 12/2026, •••。"],
    ["3782 822463 10005 1234", "•••• 0005 •••"], // Amex: 4-digit code
    // 4111 1111 1111 1111 128 is also a valid 19-digit number; a Visa 16 + CVV is the safer reading
    ["4111 1111 1111 1111 128", "•••• 1111 •••"],
  ];
  for (const [input, expected] of table) {
    assert.equal(redactText(input).text, expected, input);
    assert.deepEqual(kinds(input), ["card_number", "cvv"], input);
  }
});

test("does not take a year, an amount or a 4-digit number after a Visa for a CVV", () => {
  assert.equal(redactText("卡号4111111111111111，2024年开的").text, "卡号•••• 1111，2024年开的");
  assert.equal(redactText("4111111111111111 100元").text, "•••• 1111 100元");
  assert.equal(redactText("4111111111111111 1234").text, "•••• 1111 1234");
  assert.equal(redactText("4111111111111111 12/26").text, "•••• 1111 12/26");
});

test("keeps the list number in front of a card", () => {
  assert.equal(redactText("1. 4111 1111 1111 1111\n2. 5555 5555 5555 4444").text, "1. •••• 1111\n2. •••• 4444");
});

test("separates a card from a short or differently separated neighbour group", () => {
  const table: [string, string][] = [
    ["abc123 4111 1111 1111 1111", "abc123 •••• 1111"],
    ["银行卡1 4111 1111 1111 1111", "银行卡1 •••• 1111"],
    ["ref 2024  4111-1111-1111-1111", "ref 2024  •••• 1111"],
    ["4111-1111-1111-1111  2024 ok", "•••• 1111  2024 ok"],
    ["5555-5555-5555-4444  378282246310005", "•••• 4444  •••• 0005"],
    ["378282246310005  5555-5555-5555-4444", "•••• 0005  •••• 4444"],
  ];
  for (const [input, expected] of table) assert.equal(redactText(input).text, expected, input);
  // The same separator all along: one longer number, not a card next to something, even though
  // 4111 1111 1111 1111 inside each of these is a valid card number.
  for (const input of ["ORD-1234 4111 1111 1111 1111", "1234 4111 1111 1111 1111", "4111 1111 1111 1111 5555"]) {
    assert.ok(input.includes("4111 1111 1111 1111"));
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("a card ends at a file extension, a sentence's full stop, or an underscore after a word", () => {
  const table: [string, string][] = [
    ["4111111111111111.jpg", "•••• 1111.jpg"],
    ["card 4111111111111111.pdf", "card •••• 1111.pdf"],
    ["4111 1111 1111 1111.png", "•••• 1111.png"],
    ["card 4111111111111111.Thanks", "card •••• 1111.Thanks"],
    ["card_4111111111111111.pdf", "card_•••• 1111.pdf"],
    ["IMG_4111111111111111.jpg", "IMG_•••• 1111.jpg"],
    ["Card No.4111111111111111", "Card No.•••• 1111"],
    ["Card No.4111 1111 1111 1111", "Card No.•••• 1111"],
  ];
  for (const [input, expected] of table) assert.equal(redactText(input).text, expected, input);
  // still one token: joined to digits by "_", a dotted number, or a name running on to "@"
  for (const input of [
    "20240101_4111111111111111",
    "4111111111111111_2.jpg",
    "v2.4111111111111111",
    "Message-Id: <132971.1032541008061.JavaMail.Administrator@web5>",
    "mail 4111111111111111.abc@qq.com",
  ]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("a printed card followed by its expiry written with spaces, and maybe the CVV, is still a card", () => {
  const table: [string, string, string[]][] = [
    ["card 4111 1111 1111 1111 12 26 123", "card •••• 1111 12 26 •••", ["card_number", "cvv"]],
    ["卡号 4111 1111 1111 1111 1226 123", "卡号 •••• 1111 1226 •••", ["card_number", "cvv"]],
    ["4111-1111-1111-1111 12 26 123 thanks", "•••• 1111 12 26 ••• thanks", ["card_number", "cvv"]],
    ["4111 1111 1111 1111 12 2026", "•••• 1111 12 2026", ["card_number"]],
    ["4111 1111 1111 1111 12 26 CVV 123", "•••• 1111 12 26 CVV •••", ["card_number", "cvv"]],
    ["３７８２ ８２２４６３ １０００５ １２ ２６ １２３４", "•••• 0005 １２ ２６ •••", ["card_number", "cvv"]],
  ];
  for (const [input, expected, found] of table) {
    assert.equal(redactText(input).text, expected, input);
    assert.deepEqual(kinds(input), found, input);
  }
  // A longer run of groups with no date in it is one long number, not a card; so is a 20-digit account
  // number whose last group could be read as MMYY, unless a CVV follows.
  assert.equal(redactText("账号 4111 1111 1111 1111 0512").text, "账号 4111 1111 1111 1111 0512");
  assert.equal(redactText("4111 1111 1111 1111 1111 2222 3333 4444").text, "4111 1111 1111 1111 1111 2222 3333 4444");
});

test("a grouped card stays a card when an expiry or CVV is attached to it by '/', ':' or ','", () => {
  const table: [string, string, string[]][] = [
    ["4111 1111 1111 1111/12/26", "•••• 1111/12/26", ["card_number"]],
    ["4111 1111 1111 1111/12/26 123", "•••• 1111/12/26 •••", ["card_number", "cvv"]],
    ["4111 1111 1111 1111/123", "•••• 1111/•••", ["card_number", "cvv"]],
    ["4111 1111 1111 1111,123", "•••• 1111,•••", ["card_number", "cvv"]],
    ["4111111111111111/1226/123", "•••• 1111/1226/•••", ["card_number", "cvv"]],
    ["4111111111111111:123", "•••• 1111:•••", ["card_number", "cvv"]],
    ["4111 1111 1111 1111：123", "•••• 1111：•••", ["card_number", "cvv"]],
  ];
  for (const [input, expected, found] of table) {
    assert.equal(redactText(input).text, expected, input);
    assert.deepEqual(kinds(input), found, input);
  }
  // a time or a date after the card is left as it is, and so is an Amex code that looks like a date
  assert.equal(redactText("4111 1111 1111 1111 12:30").text, "•••• 1111 12:30");
  assert.equal(redactText("4111 1111 1111 1111 2024/01/15").text, "•••• 1111 2024/01/15");
  assert.equal(redactText("378282246310005 1226").text, "•••• 0005 •••");
});

test("reads a card through zero-width characters, soft hyphens and one line break", () => {
  for (const sep of ["\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\ufeff", "\u00ad", " \u200b"]) {
    const input = `card ${["4111", "1111", "1111", "1111"].join(sep)} ok`;
    assert.equal(redactText(input).text, "card •••• 1111 ok", JSON.stringify(input));
  }
  const table: [string, string][] = [
    ["card 4111 1111\n1111 1111 ok", "card •••• 1111 ok"],
    ["card 4111 1111 1111\r\n  1111", "card •••• 1111"],
    ["Amex 3782\n822463 10005", "Amex •••• 0005"],
    ["card 4111 1111\n1111 1111 123", "card •••• 1111 •••"],
  ];
  for (const [input, expected] of table) assert.equal(redactText(input).text, expected, JSON.stringify(input));
  // Numbers one a line stay numbers, and a line break does not join numbers that are not printed like a card.
  for (const input of ["2019\n2020\n2021\n2022", "4111\n1111\n1111\n1111", "41111111\n11111111", "4111 1111\n\n1111 1111"]) {
    assert.deepEqual(redactText(input).redactions, [], JSON.stringify(input));
  }
});
