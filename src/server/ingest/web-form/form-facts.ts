// The contact form's choices kept on the message they came with, for agents (see ticket.present.ts).
import type { Ctx } from "../../context.ts";
import type { WebFormFacts } from "./form-fields.ts";

export async function recordWebFormFacts(ctx: Ctx, messageId: string, facts: WebFormFacts): Promise<void> {
  await ctx.db.updateTable("messages").set({ web_form_json: JSON.stringify(facts) }).where("id", "=", messageId).execute();
}
