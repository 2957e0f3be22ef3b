// The inbox: views with counts, filters, the ticket list with cursor paging, selection and bulk actions.
// It refreshes itself on live events, so new tickets and colleagues' changes appear without reload.
import { useCallback, useEffect, useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { buildHash, navigate } from "../../lib/router.ts";
import { canWrite, useSession } from "../../lib/session.ts";
import { useShortcuts } from "../../lib/shortcuts.ts";
import type { TicketSummary, ViewId } from "../../lib/types.ts";
import { useLive } from "../../lib/use-live.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading, Notice } from "../../ui/notice.tsx";
import { BulkBar } from "./bulk-bar.tsx";
import { FilterBar } from "./filter-bar.tsx";
import { toQuery, type Filters } from "./filters.ts";
import { listTickets, listViews } from "./inbox.api.ts";
import { TicketTable } from "./ticket-table.tsx";
import { ViewNav } from "./view-nav.tsx";

const PAGE = 50;

type Page = { tickets: TicketSummary[]; nextCursor: string | null };

export function InboxPage({ view, filters }: { view: ViewId; filters: Filters }) {
  const t = useT();
  const { agent } = useSession();
  const key = JSON.stringify([view, filters]);
  const counts = useResource(listViews, []);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);

  /** Loads the first page again, as many rows as are shown now so the list does not shrink under the agent. */
  const refresh = useCallback(
    async (keep: number) => {
      try {
        const limit = Math.min(200, Math.max(PAGE, keep));
        const next = await listTickets(toQuery(view, filters, { limit }));
        setPage(next);
        setError(null);
      } catch (err) {
        setError(err);
      }
    },
    [key],
  );

  useEffect(() => {
    setPage(null);
    setActive(0);
    setSelected(new Set());
    void refresh(PAGE);
  }, [key]);

  const shown = page?.tickets.length ?? 0;
  useLive(() => {
    void refresh(shown);
    void counts.reload();
  });

  const loadMore = async () => {
    if (!page?.nextCursor) return;
    setLoadingMore(true);
    try {
      const more = await listTickets(toQuery(view, filters, { limit: PAGE, cursor: page.nextCursor }));
      setPage({ tickets: [...page.tickets, ...more.tickets.filter((x) => !page.tickets.some((y) => y.id === x.id))], nextCursor: more.nextCursor });
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const tickets = page?.tickets ?? [];
  const open = (i: number) => {
    const ticket = tickets[i];
    if (ticket) navigate(["tickets", ticket.number]);
  };
  useShortcuts({
    j: () => setActive((i) => Math.min(i + 1, Math.max(0, tickets.length - 1))),
    k: () => setActive((i) => Math.max(i - 1, 0)),
    Enter: () => open(active),
    x: () => {
      const ticket = tickets[active];
      if (ticket) toggle(ticket.id);
    },
  });
  useEffect(() => {
    document.querySelector(".ticket-table tr.active")?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected((prev) => (tickets.every((x) => prev.has(x.id)) ? new Set() : new Set(tickets.map((x) => x.id))));
  const writable = canWrite(agent);

  return (
    <div class="inbox">
      <ViewNav current={view} counts={counts.data} />
      <section class="inbox-main" aria-labelledby="inbox-title">
        <header class="inbox-head">
          <h1 id="inbox-title">{t(`view.${view}`)}</h1>
          <FilterBar filters={filters} onChange={(next) => navigate(["inbox", view], next)} />
        </header>
        {writable && selected.size > 0 && (
          <BulkBar
            ids={[...selected]}
            meId={agent.id}
            onClear={() => setSelected(new Set())}
            onDone={(n) => {
              setSelected(new Set());
              setDone(t("bulk.done", { n }));
              void refresh(shown);
              void counts.reload();
            }}
          />
        )}
        {done && <Notice kind="success">{done}</Notice>}
        <ErrorNotice error={error} />
        {!page && !error && <Loading />}
        {page && tickets.length === 0 && <p class="empty">{t("inbox.empty")}</p>}
        {tickets.length > 0 && (
          <TicketTable tickets={tickets} active={active} selected={selected} selectable={writable} onToggle={toggle} onToggleAll={toggleAll} onActivate={(i) => {
            setActive(i);
            open(i);
          }} />
        )}
        {page?.nextCursor && (
          <p class="load-more">
            <button type="button" onClick={loadMore} disabled={loadingMore}>
              {t("inbox.loadMore")}
            </button>
          </p>
        )}
        <p class="hint keys-hint">
          {t("inbox.keysHint")} <a href={buildHash(["search"])}>{t("nav.search")}</a>
        </p>
      </section>
    </div>
  );
}
