// Which support mailbox a message is filed in when it names several (one ticket, not one per address).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound, resolveMailbox } from "./accept.ts";

await forEachDialect("mailbox choice", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect, { mailboxes: [{ address: "support@example.com", name: "Support" }, { address: "billing@example.com", name: "Billing" }] });
  });
  after(async () => rt.close());

  const chosen = async (rcptTo: string[], mailboxAddress?: string) => (await resolveMailbox(rt.ctx, { envelope: { mailFrom: null, rcptTo }, mailboxAddress }))?.address;

  it("files mail to several support addresses once, in the one configured first, whatever the order of recipients", async () => {
    assert.equal(await chosen(["billing+ab12@example.com", "Support@Example.com"]), "support@example.com");
    assert.equal(await chosen(["someone@else.example", "BILLING@example.com"]), "billing@example.com");
    assert.equal(await chosen(["support@example.com"], "billing@example.com"), "billing@example.com", "a channel's own mailbox comes first");
    assert.equal(await chosen(["someone@else.example"]), undefined);

    const { inboundId, mailboxId } = await acceptInbound(rt.ctx, {
      channel: "smtp", raw: await makeMail({ to: "billing@example.com", subject: "charged twice" }),
      envelope: { mailFrom: "li.wei@example.net", rcptTo: ["billing@example.com", "support@example.com"] },
    });
    const rows = await rt.ctx.db.selectFrom("inbound").select("id").where("id", "=", inboundId).execute();
    assert.equal(rows.length, 1);
    const mailbox = await rt.ctx.db.selectFrom("mailboxes").select("address").where("id", "=", mailboxId).executeTakeFirstOrThrow();
    assert.equal(mailbox.address, "support@example.com");
  });
});
