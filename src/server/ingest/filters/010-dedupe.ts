// Same mailbox, same Message-ID, same content: the same mail arriving twice. A reused Message-ID
// with different content is a different message and goes on.
import type { Filter } from "../filter.ts";

export const dedupeFilter: Filter = {
  name: "dedupe",
  async run(ctx, msg) {
    let q = ctx.db.selectFrom("inbound").select("id")
      .where("mailbox_id", "=", msg.mailboxId)
      .where("content_sha256", "=", msg.contentSha256)
      .where("id", "!=", msg.inboundId)
      .where("status", "in", ["processed", "diverted"]);
    q = msg.messageId ? q.where("message_id_header", "=", msg.messageId) : q.where("message_id_header", "is", null);
    const earlier = await q.orderBy("received_at").executeTakeFirst();
    return earlier ? { kind: "drop", reason: `duplicate of inbound ${earlier.id}` } : { kind: "continue", msg };
  },
};
