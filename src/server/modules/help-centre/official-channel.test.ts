// The official-channel registry per dialect: seeded once from the configuration, edited by admins, and
// turned into what the lookalike detector compares against.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { checkChannel } from "../lookalike/check-channel.ts";
import {
  createChannel, deleteChannel, listChannels, listPublishedChannels, officialChannels, updateChannel,
} from "./official-channel.commands.ts";

await forEachDialect("official-channel registry", (dialect) => {
  let rt: TestRuntime;

  before(async () => {
    rt = await openTestRuntime(dialect, {
      companyName: "OKPay",
      publicUrl: "https://help.okpay.com",
      mailboxes: [{ address: "support@okpay.com", name: "OKPay Support" }, { address: "complaints@okpay.com", name: "OKPay Complaints" }],
    });
  });
  after(async () => rt.close());

  it("seeds the mailboxes and the help centre's host once, on first read", async () => {
    const first = await listChannels(rt.ctx);
    assert.deepEqual(first.map((c) => `${c.kind}:${c.value}`).sort(), ["email:complaints@okpay.com", "email:support@okpay.com", "web:help.okpay.com"]);
    assert.ok(first.every((c) => c.published && c.label.en && c.label.zh));
    // Deleting every seeded channel does not bring them back: seeding happens once per installation.
    for (const c of first) await deleteChannel(rt.ctx, c.id);
    assert.deepEqual(await listChannels(rt.ctx), []);
  });

  it("validates values by kind and keeps unpublished channels out of the public list", async () => {
    await assert.rejects(createChannel(rt.ctx, { kind: "email", value: "not an address", label: { en: "x", zh: "x" } }), /e-mail address/);
    await assert.rejects(createChannel(rt.ctx, { kind: "phone", value: "call us", label: { en: "x", zh: "x" } }), /phone number/);
    await assert.rejects(createChannel(rt.ctx, { kind: "fax", value: "123", label: { en: "x", zh: "x" } }));
    const phone = await createChannel(rt.ctx, {
      kind: "phone", purpose: "Security", value: "+86 400 820 8820", label: { en: "Fraud hotline", zh: "反诈骗热线" },
      hours: { en: "24/7", zh: "全天 24 小时" }, responseTime: { en: "Immediately", zh: "即时" },
    });
    assert.equal(phone.purpose, "security");
    const hidden = await createChannel(rt.ctx, { kind: "email", value: "okpay_kefu@163.com", label: { en: "Old", zh: "旧邮箱" }, published: false });
    assert.deepEqual((await listPublishedChannels(rt.ctx)).map((c) => c.id), [phone.id]);
    const shown = await updateChannel(rt.ctx, hidden.id, { published: true, sortOrder: 5 });
    assert.equal(shown.published, true);
    assert.equal(shown.sortOrder, 5);
    await assert.rejects(updateChannel(rt.ctx, hidden.id, { value: "nope" }), /e-mail address/);
    await assert.rejects(updateChannel(rt.ctx, "missing", { published: true }), /not found/);
  });

  it("gives the detector our domains, addresses, numbers and name, but not a shared provider's domain", async () => {
    await createChannel(rt.ctx, { kind: "web", value: "https://www.okpay.com.cn/zh", label: { en: "China site", zh: "中国站" } });
    await createChannel(rt.ctx, { kind: "social", value: "https://weibo.com/okpay", label: { en: "Weibo", zh: "微博" } });
    const official = await officialChannels(rt.ctx);
    assert.deepEqual(official.brandNames, ["OKPay"]);
    assert.ok(official.domains.includes("help.okpay.com"));
    assert.ok(official.domains.includes("okpay.com"), "the support mailboxes' domain counts even after the seeded rows were deleted");
    assert.ok(official.domains.includes("www.okpay.com.cn"));
    assert.ok(!official.domains.includes("163.com"));
    assert.ok(!official.domains.includes("weibo.com"), "a social account does not make its platform ours");
    assert.ok(official.emails.includes("okpay_kefu@163.com"));
    assert.deepEqual(official.phones, ["+86 400 820 8820"]);

    assert.equal(checkChannel("okpay_kefu@163.com", official).verdict, "official");
    assert.equal(checkChannel("someone@163.com", official).verdict, "not_ours");
    assert.equal(checkChannel("okpay_kefu1@163.com", official).verdict, "lookalike");
    assert.equal(checkChannel("400-820-8820", official).verdict, "official");
    assert.equal(checkChannel("https://okpay.com.cn.evil.io/login", official).verdict, "lookalike");
  });
});
