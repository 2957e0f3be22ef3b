// A customer is visible to an agent when at least one of their tickets is in the agent's mailboxes.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { mailboxScope } from "../access/access.policy.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { customerHasTicketInScope } from "./customer.repo.ts";

/** Out of scope → audited, then the same 404 as a customer that does not exist. */
export async function assertCustomerVisible(ctx: Ctx, customer: { id: string }): Promise<void> {
  const scope = mailboxScope(ctx);
  if (scope === "all" || (await customerHasTicketInScope(ctx, customer.id, scope))) return;
  await recordAudit(ctx, "access.denied", { resource: "customer", customerId: customer.id });
  throw new AppError("not_found", "customer not found");
}
