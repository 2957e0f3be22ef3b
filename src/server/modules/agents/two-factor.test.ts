// Enrolment, single use of codes and recovery codes, on both dialects.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent } from "./agent.commands.ts";
import { findAgentById } from "./agent.repo.ts";
import { generateTotpCode } from "./totp.ts";
import { confirmTotpEnrolment, matchAndSpendTotp, spendRecoveryCode, startTotpEnrolment, totpRequiredFor } from "./two-factor.commands.ts";

await forEachDialect("two-factor", (dialect) => {
  let rt: TestRuntime;
  let agentId: string;
  let secret: string;
  let recoveryCodes: string[];

  before(async () => {
    rt = await openTestRuntime(dialect);
    agentId = (await createAgent(rt.ctx, { email: "mei@example.com", name: "Mei", role: "agent", password: "violet tram 42 harbour" })).id;
  });
  after(async () => rt.close());

  it("keeps the secret sealed and pending until a code from it is confirmed", async () => {
    ({ secret } = await startTotpEnrolment(rt.ctx, agentId));
    const row = (await findAgentById(rt.ctx, agentId))!;
    assert.equal(row.totp_enabled, 0);
    assert.ok(row.totp_pending_enc);
    assert.ok(!row.totp_pending_enc.includes(secret), "the secret is not stored in clear");
    assert.equal(rt.ctx.services.vault.open(Buffer.from(row.totp_pending_enc, "base64")).toString(), secret);
    await assert.rejects(confirmTotpEnrolment(rt.ctx, agentId, "000000"), { code: "invalid_input" });
    ({ recoveryCodes } = await confirmTotpEnrolment(rt.ctx, agentId, generateTotpCode(secret, rt.clock.now().getTime())));
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const enabled = (await findAgentById(rt.ctx, agentId))!;
    assert.equal(enabled.totp_enabled, 1);
    assert.equal(enabled.totp_pending_enc, null);
    const stored = await rt.ctx.db.selectFrom("agent_recovery_codes").select("code_hash").where("agent_id", "=", agentId).execute();
    assert.equal(stored.length, 10);
    assert.ok(stored.every((r) => !recoveryCodes.includes(r.code_hash)), "only hashes are stored");
  });

  it("accepts a code once: the confirming code and any later reuse are refused", async () => {
    const agent = (await findAgentById(rt.ctx, agentId))!;
    const now = rt.clock.now().getTime();
    assert.equal(await matchAndSpendTotp(rt.ctx, agent, generateTotpCode(secret, now)), false, "same step as the confirmation");
    rt.clock.advance(30_000);
    const code = generateTotpCode(secret, rt.clock.now().getTime());
    assert.equal(await matchAndSpendTotp(rt.ctx, agent, code), true);
    assert.equal(await matchAndSpendTotp(rt.ctx, agent, code), false, "replayed within its window");
    rt.clock.advance(30_000);
    assert.equal(await matchAndSpendTotp(rt.ctx, agent, generateTotpCode(secret, rt.clock.now().getTime())), true);
  });

  it("spends each recovery code once, ignoring case and dashes", async () => {
    const code = recoveryCodes[3]!;
    assert.equal(await spendRecoveryCode(rt.ctx, agentId, code.toUpperCase().replace("-", " ")), true);
    assert.equal(await spendRecoveryCode(rt.ctx, agentId, code), false);
    assert.equal(await spendRecoveryCode(rt.ctx, agentId, "aaaaa-bbbbb"), false);
    const audit = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "session.recovery_code_used").execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.data_json).remaining, 9);
  });

  it("sets two-factor up again only with the current password, and tells the owner by mail each time", async () => {
    const mails = async () => (await rt.ctx.db.selectFrom("outbound_mail").select(["to_address", "subject"]).where("kind", "=", "notification").execute())
      .filter((m) => m.to_address === "mei@example.com" && /security change/.test(m.subject));
    assert.equal((await mails()).length, 1, "turning it on was mailed");
    await assert.rejects(startTotpEnrolment(rt.ctx, agentId), { code: "forbidden" });
    await assert.rejects(startTotpEnrolment(rt.ctx, agentId, { currentPassword: "not my password" }), { code: "forbidden" });
    assert.equal((await findAgentById(rt.ctx, agentId))!.totp_pending_enc, null, "nothing pending after a refusal");
    const again = await startTotpEnrolment(rt.ctx, agentId, { currentPassword: "violet tram 42 harbour" });
    await confirmTotpEnrolment(rt.ctx, agentId, generateTotpCode(again.secret, rt.clock.now().getTime()));
    assert.equal((await mails()).length, 2, "replacing it was mailed too");
    const [, replaced] = await rt.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("kind", "=", "notification").where("to_address", "=", "mei@example.com").orderBy("created_at").orderBy("id").execute();
    const text = (await rt.ctx.services.blobs.get(replaced!.raw_blob_key!)).toString("utf8");
    assert.match(text, /old recovery codes no longer work/);
  });

  it("requires two-factor of admins by default and of everyone when configured", () => {
    assert.equal(totpRequiredFor(rt.ctx, "admin"), true);
    assert.equal(totpRequiredFor(rt.ctx, "agent"), false);
    const everyone = { ...rt.ctx, services: { ...rt.ctx.services, config: { ...rt.ctx.services.config, requireTotpFor: "everyone" as const } } };
    assert.equal(totpRequiredFor(everyone, "auditor"), true);
  });
});
