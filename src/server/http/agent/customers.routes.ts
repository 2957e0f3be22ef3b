// Agent API: the customer panel (addresses, previous tickets, notes).
// Each route: auth → validate → load → authorize → command → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertCanWrite } from "../../modules/access/access.policy.ts";
import { CUSTOMER_NOTES_MAX, setCustomerNotes } from "../../modules/customers/customer.commands.ts";
import { assertCustomerVisible } from "../../modules/customers/customer.policy.ts";
import { presentCustomer } from "../../modules/customers/customer.present.ts";
import { findCustomer, loadCustomerPanel } from "../../modules/customers/customer.queries.ts";
import { requireAgent } from "./require-agent.ts";

const params = z.object({ id: z.string().min(1).max(100) });
const patchBody = z.object({ notes: z.string().max(CUSTOMER_NOTES_MAX) }).strict();

async function loadVisibleCustomer(ctx: Ctx, id: string) {
  const customer = await findCustomer(ctx, id);
  if (!customer) throw new AppError("not_found", "customer not found");
  await assertCustomerVisible(ctx, customer);
  return customer;
}

export function registerCustomerRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/customers/:id", async (req) => {
    const ctx = await requireAgent(base, req);
    const { id } = params.parse(req.params);
    const customer = await loadVisibleCustomer(ctx, id);
    return loadCustomerPanel(ctx, customer);
  });

  app.patch("/api/customers/:id", async (req) => {
    const ctx = await requireAgent(base, req);
    const { id } = params.parse(req.params);
    const body = patchBody.parse(req.body);
    const customer = await loadVisibleCustomer(ctx, id);
    assertCanWrite(ctx);
    return { customer: presentCustomer(await setCustomerNotes(ctx, customer.id, body.notes)) };
  });
}
