// Search: one box (Chinese and English, ticket numbers, addresses), optional filters, highlighted excerpts.
import { useEffect, useRef, useState } from "preact/hooks";
import { useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { buildHash, navigate } from "../../lib/router.ts";
import { useShortcuts } from "../../lib/shortcuts.ts";
import { statuses, type SearchResult } from "../../lib/types.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { Highlighted } from "../../ui/highlighted.tsx";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { SelectField } from "../../ui/select-field.tsx";
import { Time } from "../../ui/time.tsx";
import { searchTickets } from "./search.api.ts";

type Params = { q: string; status: string; mailbox: string };

export function SearchPage({ params }: { params: Params }) {
  const t = useT();
  const mailboxes = useMailboxes();
  const [draft, setDraft] = useState(params.q);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLInputElement>(null);

  // Follow the address only when it changes (back/forward), never on mount: that would wipe what was just typed.
  const shownQuery = useRef(params.q);
  useEffect(() => {
    if (shownQuery.current === params.q) return;
    shownQuery.current = params.q;
    setDraft(params.q);
  }, [params.q]);
  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    setResults(null);
    setNext(null);
    setActive(0);
    if (!params.q.trim()) return;
    let stale = false;
    setBusy(true);
    searchTickets({ q: params.q, status: params.status, mailbox: params.mailbox, limit: 25 })
      .then((r) => {
        if (stale) return;
        setResults(r.results);
        setNext(r.nextCursor);
        setError(null);
      }, (err) => !stale && setError(err))
      .finally(() => !stale && setBusy(false));
    return () => {
      stale = true;
    };
  }, [params.q, params.status, params.mailbox]);

  const go = (patch: Partial<Params>) => {
    const p = { ...params, ...patch };
    navigate(["search"], { q: p.q.trim(), status: p.status, mailbox: p.mailbox });
  };
  const more = async () => {
    if (!next || !results) return;
    setBusy(true);
    try {
      const r = await searchTickets({ q: params.q, status: params.status, mailbox: params.mailbox, limit: 25, cursor: next });
      setResults([...results, ...r.results]);
      setNext(r.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const list = results ?? [];
  useShortcuts({
    j: () => setActive((i) => Math.min(i + 1, Math.max(0, list.length - 1))),
    k: () => setActive((i) => Math.max(0, i - 1)),
    Enter: () => {
      const r = list[active];
      if (r) navigate(["tickets", r.ticket.number]);
    },
  });

  return (
    <main class="page search-page" aria-labelledby="search-title">
      <h1 id="search-title">{t("search.title")}</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: draft });
        }}
      >
        <input ref={box} type="search" aria-label={t("search.query")} placeholder={t("search.placeholder")} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <EnumSelect label={t("ticket.status")} prefix="status" values={statuses} empty={t("common.any")} value={params.status} onChange={(status) => go({ q: draft, status })} />
        <SelectField
          label={t("ticket.mailbox")}
          options={mailboxes.map((m) => ({ value: m.id, label: m.name }))}
          empty={t("common.any")}
          value={params.mailbox}
          onChange={(mailbox) => go({ q: draft, mailbox })}
        />
        <button class="primary" type="submit">
          {t("search.submit")}
        </button>
      </form>
      <ErrorNotice error={error} />
      {busy && !results && <Loading />}
      {results && results.length === 0 && <p class="empty">{t("search.none", { q: params.q })}</p>}
      {results && results.length > 0 && (
        <ol class="search-results" aria-label={t("search.results")}>
          {results.map((r, i) => (
            <li key={r.ticket.id} class={i === active ? "active" : undefined}>
              <a href={buildHash(["tickets", r.ticket.number])}>
                <span class="ticket-number">{r.ticket.number}</span> <span class="subject">{r.ticket.subject}</span>
              </a>{" "}
              <StatusBadge status={r.ticket.status} /> <PriorityBadge priority={r.ticket.priority} />{" "}
              <span class="hint">
                {r.ticket.customerName || r.ticket.customerAddress} · <Time iso={r.ticket.updatedAt} />
              </span>
              <p class="excerpt">
                <Highlighted excerpt={r.excerpt} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {next && (
        <p class="load-more">
          <button type="button" onClick={more} disabled={busy}>
            {t("inbox.loadMore")}
          </button>
        </p>
      )}
    </main>
  );
}
