// The conversation as one timeline: e-mails, notes and what happened to the ticket, oldest first.
import { useAgents } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import type { Message, TicketEvent } from "../../lib/types.ts";
import { Time } from "../../ui/time.tsx";
import { describeEvent, eventKind, hiddenEventKinds } from "./describe-event.ts";
import { MessageCard } from "./message-card.tsx";

type Item = { at: string; message?: Message; event?: TicketEvent };

export function Timeline({ messages, events }: { messages: Message[]; events: TicketEvent[] }) {
  const t = useT();
  const agents = useAgents();
  const items: Item[] = [
    ...messages.map((m): Item => ({ at: m.createdAt, message: m })),
    ...events.filter((e) => !hiddenEventKinds.has(eventKind(e))).map((e): Item => ({ at: e.createdAt, event: e })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.message ? -1 : 1));
  const nameOf = (id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? null) : null);
  return (
    <ol class="timeline" aria-label={t("ticket.timeline")}>
      {items.map((item) =>
        item.message ? (
          <li key={item.message.id}>
            <MessageCard message={item.message} />
          </li>
        ) : (
          <li key={item.event!.id} class={`event event-${eventKind(item.event!).replace(/\W/g, "-")}`}>
            <span>{describeEvent(item.event!, t, nameOf)}</span> <Time iso={item.event!.createdAt} />
          </li>
        ),
      )}
    </ol>
  );
}
