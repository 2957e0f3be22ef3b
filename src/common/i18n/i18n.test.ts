import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createT, messageKeys, messageTables, translate } from "./index.ts";

describe("console messages", () => {
  it("has every English key in Chinese, none extra, none left empty or untranslated", () => {
    const zh = messageTables["zh-CN"];
    assert.deepEqual(Object.keys(zh).sort(), [...messageKeys].sort());
    for (const key of messageKeys) {
      assert.ok(zh[key].trim(), `zh-CN ${key} is empty`);
      assert.ok(messageTables.en[key].trim(), `en ${key} is empty`);
    }
    // A table copied from English by mistake would still type-check: most lines must actually differ.
    const same = messageKeys.filter((k) => zh[k] === messageTables.en[k]);
    assert.ok(same.length < messageKeys.length / 20, `untranslated: ${same.join(", ")}`);
  });

  it("keeps the same placeholders in both languages", () => {
    const vars = (s: string) => [...s.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((m) => m[1]).sort();
    for (const key of messageKeys) assert.deepEqual(vars(messageTables["zh-CN"][key]), vars(messageTables.en[key]), key);
  });

  it("fills variables and leaves unknown ones visible", () => {
    assert.equal(translate("en", "bulk.selected", { n: 3 }), "3 selected");
    assert.equal(translate("zh-CN", "bulk.selected", { n: 3 }), "已选 3 个");
    assert.equal(createT("en")("inbox.select"), "Select {number}");
    assert.equal(createT("zh-CN")("view.all"), "全部工单");
  });
});
