// Holds a flood from one sender instead of opening a ticket per message. Runs after sender
// authentication: anyone can forge a From, so forged mail must not get a real customer's mail held.
// A verified message counts only that sender's earlier verified mail; others count every message
// that claimed the address, as nothing tells them apart.
import { addressparser } from "../address.ts";
import type { Filter } from "../filter.ts";
import { addressKey } from "../address-key.ts";

const WINDOW_MS = 10 * 60_000;

export const burstGuardFilter: Filter = {
  name: "burst-guard",
  async run(ctx, msg) {
    const from = addressparser(msg.headers.get("from") ?? "")[0]?.address ?? null;
    if (!from) return { kind: "continue", msg };
    const limit = ctx.services.config.intake.burstLimitPer10Minutes;
    const since = new Date(ctx.clock.now().getTime() - WINDOW_MS).toISOString();
    let recent = ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("inbound.address_key", "=", addressKey(from)).where("inbound.received_at", ">=", since);
    if (msg.auth?.verdict === "verified") {
      recent = recent.innerJoin("messages", "messages.id", "inbound.message_id").where("messages.auth_verdict", "=", "verified");
    }
    // Counted: the earlier messages, and (unverified) this one, which is already an intake row.
    const earlier = Number((await recent.executeTakeFirst())?.n ?? 0);
    const count = msg.auth?.verdict === "verified" ? earlier + 1 : earlier;
    if (count > limit) {
      return { kind: "divert", to: "held", reason: `burst: more than ${limit} messages from ${from} in 10 minutes` };
    }
    return { kind: "continue", msg };
  },
};
