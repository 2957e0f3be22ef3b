// Customer queries for the customer panel (private to the customers module and its commands).
import type { Ctx } from "../../context.ts";

/** Mailbox ids an agent may see, or "all". */
type Scope = string[] | "all";

export async function findCustomerById(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("customers").select(["id", "name", "language", "notes", "created_at"]).where("id", "=", id).executeTakeFirst();
}

export async function listCustomerAddresses(ctx: Ctx, customerId: string) {
  return ctx.db.selectFrom("customer_addresses").select(["address", "created_at"])
    .where("customer_id", "=", customerId).orderBy("created_at").orderBy("address").execute();
}

const scopeIds = (scope: Scope) => (scope === "all" ? [] : scope.length ? scope : ["-"]);

/** Whether at least one of the customer's tickets lies in the scope (what makes the customer visible). */
export async function customerHasTicketInScope(ctx: Ctx, customerId: string, scope: Scope): Promise<boolean> {
  const row = await ctx.db.selectFrom("tickets").select("id").where("customer_id", "=", customerId)
    .$if(scope !== "all", (q) => q.where("mailbox_id", "in", scopeIds(scope))).limit(1).executeTakeFirst();
  return !!row;
}

/** The customer's tickets in scope, newest first (uses the customer_id, created_at index). */
export async function listCustomerTickets(ctx: Ctx, customerId: string, scope: Scope, limit: number) {
  return ctx.db.selectFrom("tickets").selectAll().where("customer_id", "=", customerId)
    .$if(scope !== "all", (q) => q.where("mailbox_id", "in", scopeIds(scope)))
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}
