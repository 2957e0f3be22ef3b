// Reads the customer panel needs: the customer, every address, and their tickets the agent may see.
import type { Ctx } from "../../context.ts";
import { mailboxScope } from "../access/access.policy.ts";
import { presentTicketRows } from "../tickets/ticket.queries.ts";
import { presentCustomer, presentCustomerAddress, type CustomerRow } from "./customer.present.ts";
import { findCustomerById, listCustomerAddresses, listCustomerTickets } from "./customer.repo.ts";

export const CUSTOMER_PANEL_TICKETS = 50;

export async function findCustomer(ctx: Ctx, id: string): Promise<CustomerRow | undefined> {
  return findCustomerById(ctx, id);
}

export async function loadCustomerPanel(ctx: Ctx, customer: CustomerRow) {
  const addresses = await listCustomerAddresses(ctx, customer.id);
  const tickets = await listCustomerTickets(ctx, customer.id, mailboxScope(ctx), CUSTOMER_PANEL_TICKETS);
  return {
    customer: presentCustomer(customer),
    addresses: addresses.map(presentCustomerAddress),
    tickets: await presentTicketRows(ctx, tickets),
    notes: customer.notes,
  };
}
