// Reads for showing one message on its own (the HTML frame): the message with its ticket's scope keys.
import type { Ctx } from "../../context.ts";

/** The message, its bodies, and the ticket fields access checks need; undefined when there is none. */
export async function findMessageWithTicket(ctx: Ctx, messageId: string) {
  return ctx.db.selectFrom("messages")
    .innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select(["messages.id", "messages.direction", "messages.html_body", "messages.text_body", "tickets.id as ticket_id", "tickets.mailbox_id"])
    .where("messages.id", "=", messageId)
    .executeTakeFirst();
}

/** Attachments a message can show as `cid:` images. */
export async function listMessageImages(ctx: Ctx, messageId: string) {
  return ctx.db.selectFrom("attachments")
    .select(["id", "content_id", "content_type"])
    .where("message_id", "=", messageId)
    .where("content_id", "is not", null)
    .orderBy("created_at").orderBy("id")
    .execute();
}
