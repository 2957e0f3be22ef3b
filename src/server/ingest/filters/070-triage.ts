import type { Filter } from "../filter.ts";
import { higherPriority, type TicketPriority } from "../../modules/tickets/ticket.ts";
import { triage } from "../../modules/tickets/triage.ts";
import { priorityFloorOf, ticketCategoryOf } from "../web-form/form-fields.ts";
import { readFormFacts } from "../web-form/form-mail.ts";

export const triageFilter: Filter = {
  name: "triage",
  async run(_ctx, msg) {
    const c = msg.content;
    const fromText = triage(c?.subject ?? "", c?.text ?? "");
    // The contact form's choices are strong hints: the chosen category wins, and urgency or category can only
    // raise the priority the words give. Only our own form creates web_form intake, so only there are they read.
    const webForm = msg.channel === "web_form" ? readFormFacts(msg.headers, !!msg.envelope.webFormConfirmedAt) : null;
    if (!webForm) return { kind: "continue", msg: { ...msg, triage: fromText } };
    const chosen: TicketPriority = webForm.urgency === "urgent" ? "urgent" : priorityFloorOf[webForm.category];
    return {
      kind: "continue",
      msg: {
        ...msg,
        webForm,
        triage: { category: ticketCategoryOf[webForm.category] ?? fromText.category, priority: higherPriority(fromText.priority, chosen) },
      },
    };
  },
};
