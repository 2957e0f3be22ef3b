// The tokenizer decides what is findable on both dialects: CJK bigrams, words, numbers, query terms.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_TOKEN_CHARS, parseQuery, tokenizeForIndex } from "./tokenize.ts";

describe("tokenizeForIndex", () => {
  it("splits a Chinese run into overlapping bigrams plus its last character", () => {
    assert.deepEqual(tokenizeForIndex("申请提现"), ["申请", "请提", "提现", "现"]);
    assert.deepEqual(tokenizeForIndex("提"), ["提"]);
  });

  it("separates CJK runs from words and numbers, lower-casing and normalising", () => {
    assert.deepEqual(
      tokenizeForIndex("我的USDT提现100元 FAILED，Café ＯＫ－１２３"),
      ["我的", "的", "usdt", "提现", "现", "100", "元", "failed", "cafe", "ok", "123"],
    );
  });

  it("splits addresses and ticket numbers into their parts, each once", () => {
    assert.deepEqual(tokenizeForIndex("OK-100042 li.wei@example.net li.wei@example.net"), ["ok", "100042", "li", "wei", "example", "net"]);
  });

  it("cuts very long words the same way as queries do", () => {
    const long = "a".repeat(100);
    const [token] = tokenizeForIndex(long);
    assert.equal(token, "a".repeat(MAX_TOKEN_CHARS));
    assert.deepEqual(parseQuery(`${long} `).terms, [{ token: "a".repeat(MAX_TOKEN_CHARS), prefix: false }]);
  });

  it("indexes Japanese and Korean runs as bigrams too", () => {
    assert.deepEqual(tokenizeForIndex("カード"), ["カー", "ード", "ド"]);
    assert.deepEqual(tokenizeForIndex("환불"), ["환불", "불"]);
  });
});

describe("parseQuery", () => {
  it("makes a 2-character Chinese query one exact token", () => {
    assert.deepEqual(parseQuery("提现").terms, [{ token: "提现", prefix: false }]);
  });

  it("ANDs the bigrams of a longer run", () => {
    assert.deepEqual(parseQuery("提现失败").terms.map((t) => t.token), ["提现", "现失", "失败"]);
  });

  it("makes a 1-character query a prefix, which also meets the run-final token", () => {
    assert.deepEqual(parseQuery("提").terms, [{ token: "提", prefix: true }]);
  });

  it("mixes Chinese and English terms, prefixing only the word being typed", () => {
    assert.deepEqual(parseQuery("提现 Failed").terms, [{ token: "提现", prefix: false }, { token: "failed", prefix: true }]);
    assert.deepEqual(parseQuery("提现 Failed ").terms, [{ token: "提现", prefix: false }, { token: "failed", prefix: false }]);
    assert.deepEqual(parseQuery("refund 提现").terms, [{ token: "refund", prefix: false }, { token: "提现", prefix: false }]);
  });

  it("searches a ticket reference by its number, exactly", () => {
    assert.deepEqual(parseQuery("OK-100042").terms, [{ token: "100042", prefix: false }]);
    assert.deepEqual(parseQuery("#pd-100042").terms, [{ token: "100042", prefix: false }]);
    assert.deepEqual(parseQuery("100042").terms, [{ token: "100042", prefix: false }]);
  });

  it("keeps transaction ids as one term and drops punctuation-only input", () => {
    assert.deepEqual(parseQuery("TX20260105ABC ").terms, [{ token: "tx20260105abc", prefix: false }]);
    assert.deepEqual(parseQuery("  ,. !! ").terms, []);
    assert.deepEqual(parseQuery('"AND" NEAR(').terms.map((t) => t.token), ["and", "near"]);
  });

  it("returns what the excerpt should highlight", () => {
    assert.deepEqual(parseQuery("提现 fail").highlights, [
      { text: "提现", kind: "cjk", prefix: false }, { text: "fail", kind: "word", prefix: true },
    ]);
  });
});

it("never yields an empty token (a word of combining marks alone)", () => {
  assert.deepEqual(tokenizeForIndex("a \u0301\u0302 b"), ["a", "b"]);
});
