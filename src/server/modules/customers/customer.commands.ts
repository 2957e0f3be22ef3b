// Customers are known by their addresses; one customer may have many.
import { nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { redactText } from "../../ingest/redact/index.ts";
import { findCustomerById } from "./customer.repo.ts";

export type Customer = { id: string; name: string | null; language: string };

export async function findCustomerByAddress(ctx: Ctx, address: string): Promise<Customer | undefined> {
  return ctx.db.selectFrom("customer_addresses")
    .innerJoin("customers", "customers.id", "customer_addresses.customer_id")
    .select(["customers.id", "customers.name", "customers.language"])
    .where("customer_addresses.address", "=", address.toLowerCase())
    .executeTakeFirst();
}

export async function findOrCreateCustomer(
  ctx: Ctx, input: { address: string; name: string | null; language: string },
): Promise<Customer> {
  const address = input.address.toLowerCase();
  const found = await findCustomerByAddress(ctx, address);
  if (found) {
    if (!found.name && input.name) {
      await ctx.db.updateTable("customers").set({ name: input.name }).where("id", "=", found.id).execute();
      return { ...found, name: input.name };
    }
    return found;
  }
  const customer = { id: newId(ctx.clock.now().getTime()), name: input.name, language: input.language };
  await ctx.db.insertInto("customers").values({ ...customer, created_at: nowIso(ctx) }).execute();
  await ctx.db.insertInto("customer_addresses").values({ address, customer_id: customer.id, created_at: nowIso(ctx) }).execute();
  return customer;
}

export const CUSTOMER_NOTES_MAX = 10_000;

/** Replaces the agents' notes on a customer; card numbers and codes typed into them are redacted like any stored text. */
export async function setCustomerNotes(ctx: Ctx, customerId: string, notes: string) {
  if (notes.length > CUSTOMER_NOTES_MAX) throw new AppError("invalid_input", `notes must be at most ${CUSTOMER_NOTES_MAX} characters`);
  const { text } = redactText(notes.replace(/\r\n/g, "\n"));
  const updated = await ctx.db.updateTable("customers").set({ notes: text }).where("id", "=", customerId).executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new AppError("not_found", "customer not found");
  return (await findCustomerById(ctx, customerId))!;
}
