// The ticket page: header, actions, the conversation and the composer; the app puts the customer
// panel beside it. It follows live events for this ticket, so a customer's answer appears by itself.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import { buildHash, navigate } from "../../lib/router.ts";
import { canWrite, useSession } from "../../lib/session.ts";
import { useShortcuts } from "../../lib/shortcuts.ts";
import type { TicketDetail } from "../../lib/types.ts";
import { useLive } from "../../lib/use-live.ts";
import { useResource } from "../../lib/use-resource.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";
import { ErrorNotice, Loading, Notice } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { Composer, type ComposerMode } from "./composer.tsx";
import { MergeDialog } from "./merge-dialog.tsx";
import { usePresence } from "./presence.ts";
import { loadTicket, patchTicket, type TicketPatch } from "./ticket.api.ts";
import { TicketActions } from "./ticket-actions.tsx";
import { Timeline } from "./timeline.tsx";

export function TicketPage({ ticketRef, renderSide }: { ticketRef: string; renderSide?: (detail: TicketDetail) => ComponentChildren }) {
  const t = useT();
  const detail = useResource(() => loadTicket(ticketRef), [ticketRef]);
  const d = detail.data;

  if (!d) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <main class="page">
          <h1>{t("ticket.notFound")}</h1>
          <p>
            <a href={buildHash(["inbox"])}>{t("nav.inbox")}</a>
          </p>
        </main>
      );
    }
    return <main class="page">{detail.error ? <ErrorNotice error={detail.error} /> : <Loading />}</main>;
  }
  return <TicketView key={d.ticket.id} detail={d} reload={detail.reload} setDetail={(next) => detail.setData(() => next)} renderSide={renderSide} />;
}

type ViewProps = { detail: TicketDetail; reload(): Promise<void>; setDetail(d: TicketDetail): void; renderSide?: (detail: TicketDetail) => ComponentChildren };

function TicketView({ detail, reload, setDetail, renderSide }: ViewProps) {
  const t = useT();
  const { agent } = useSession();
  const { ticket } = detail;
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [merging, setMerging] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const presence = usePresence(ticket.number, agent.id, detail.viewers ?? []);
  const writable = canWrite(agent);

  useLive((e) => {
    if (e.type === "reconnected" || e.ticketId === ticket.id || e.ref === ticket.number) void reload();
  });
  // The heartbeat knows of a message this page does not show yet (an event was missed): catch up.
  useEffect(() => {
    if (presence.lastMessageId && !detail.messages.some((m) => m.id === presence.lastMessageId)) void reload();
  }, [presence.lastMessageId]);
  useEffect(() => {
    document.title = `${ticket.number} · ${ticket.subject} · PayDesk`;
    return () => {
      document.title = "PayDesk";
    };
  }, [ticket.number, ticket.subject]);

  const patch = async (p: TicketPatch) => {
    const next = await patchTicket(ticket.number, p);
    setDetail({ ...detail, ticket: { ...ticket, ...next } });
  };
  const focusComposer = (m: ComposerMode) => {
    setMode(m);
    // The textarea is the same element in both modes: focus it now, so the next keystroke lands in it.
    textRef.current?.focus();
  };
  useShortcuts({
    r: () => writable && focusComposer("reply"),
    n: () => writable && focusComposer("note"),
    a: () => {
      if (!writable || ticket.assigneeId === agent.id) return;
      setActionError(null);
      patch({ assigneeId: agent.id }).catch(setActionError);
    },
    u: () => navigate(["inbox"]),
  });

  return (
    <div class="ticket-layout">
      <main class="ticket-main" aria-labelledby="ticket-title">
        <header class="ticket-head">
          <p class="crumbs">
            <a href={buildHash(["inbox"])}>{t("nav.inbox")}</a> › <span class="ticket-number">{ticket.number}</span>
          </p>
          <h1 id="ticket-title">{ticket.subject}</h1>
          <p class="ticket-meta">
            <StatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} />
            {ticket.category && <span class="badge">{t(`category.${ticket.category}`)}</span>}
            <span>
              {t("ticket.created")} <Time iso={ticket.createdAt} />
            </span>
            {ticket.firstResponseDueAt && !ticket.firstRespondedAt && (
              <span class={new Date(ticket.firstResponseDueAt).getTime() < Date.now() ? "overdue" : undefined}>
                {t("ticket.firstResponseDue")} <Time iso={ticket.firstResponseDueAt} />
              </span>
            )}
          </p>
        </header>
        {presence.others.length > 0 && <Notice kind="warning">{t("ticket.alsoViewing", { names: presence.others.map((v) => v.name).join(", ") })}</Notice>}
        <ErrorNotice error={actionError} />
        <Timeline messages={detail.messages} events={detail.events} />
        {writable && <Composer detail={detail} mode={mode} onMode={setMode} textRef={textRef} onSent={() => void reload()} />}
      </main>
      <aside class="ticket-side" aria-label={t("ticket.side")}>
        <TicketActions ticket={ticket} meId={agent.id} readOnly={!writable} onPatch={patch} onMerge={() => setMerging(true)} />
        {renderSide?.(detail)}
      </aside>
      {merging && (
        <MergeDialog
          ticket={ticket}
          onClose={() => setMerging(false)}
          onMerged={(survivor) => {
            setMerging(false);
            navigate(["tickets", survivor.number]);
          }}
        />
      )}
    </div>
  );
}
