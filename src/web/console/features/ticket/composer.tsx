// Reply or internal note. Guards: a warning before sending what looks like a card number, and a
// collision warning when a message arrived after the agent started writing (the server checks too: 409).
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../lib/api.ts";
import { findCardNumber } from "../../lib/card-number.ts";
import { formatSize } from "../../lib/format.ts";
import { useT } from "../../lib/i18n.ts";
import { markdownToHtml } from "../../lib/markdown.ts";
import { useSession } from "../../lib/session.ts";
import { fillTemplate } from "../../lib/template.ts";
import type { CannedResponse, Status, TicketDetail } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { ErrorNotice, Notice } from "../../ui/notice.tsx";
import { addNote, listCanned, sendReply, uploadFile, type Upload } from "./ticket.api.ts";

export type ComposerMode = "reply" | "note";

const afterStatuses: Status[] = ["open", "pending", "on_hold", "solved"];
const draftKey = (ticketId: string, mode: ComposerMode) => `paydesk.draft.${ticketId}.${mode}`;

function readDraft(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}
const RICH_KEY = "paydesk.composer.rich";
function readRich(): boolean {
  try {
    return localStorage.getItem(RICH_KEY) === "1";
  } catch {
    return false;
  }
}

function writeDraft(key: string, text: string) {
  try {
    if (text) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  } catch {
    // Drafts are a convenience only.
  }
}

type Props = {
  detail: TicketDetail;
  mode: ComposerMode;
  onMode(mode: ComposerMode): void;
  textRef: RefObject<HTMLTextAreaElement | null>;
  onSent(): void;
};

export function Composer({ detail, mode, onMode, textRef, onSent }: Props) {
  const t = useT();
  const { agent } = useSession();
  const ticket = detail.ticket;
  const shownLast = detail.messages[detail.messages.length - 1]?.id ?? null;
  const [text, setText] = useState(() => readDraft(draftKey(ticket.id, mode)));
  const [status, setStatus] = useState<Status>("pending");
  const [rich, setRich] = useState(readRich);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [uploading, setUploading] = useState(0);
  const [cardWarning, setCardWarning] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  /** The newest message when the agent began writing: what the reply answers. */
  const [basis, setBasis] = useState<string | null>(shownLast);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const canned = useResource(() => listCanned(ticket.number), [ticket.number]);

  useEffect(() => setText(readDraft(draftKey(ticket.id, mode))), [ticket.id, mode]);
  useEffect(() => writeDraft(draftKey(ticket.id, mode), text), [text]);
  useEffect(() => {
    if (!text) setBasis(shownLast);
  }, [shownLast, text === ""]);

  // The page reloads when the heartbeat reports a message it does not show, so comparing with what is shown suffices.
  const newer = mode === "reply" && text !== "" && basis !== shownLast;

  const insertCanned = (response: CannedResponse & { rendered?: string }) => {
    const filled = fillTemplate(response.rendered ?? response.body, {
      "customer.name": detail.customer?.name ?? ticket.customerName ?? "",
      "ticket.number": ticket.number,
      "agent.name": agent.name,
    });
    const el = textRef.current;
    if (el && el.selectionStart !== undefined && text) {
      const at = el.selectionStart;
      setText(text.slice(0, at) + filled + text.slice(el.selectionEnd));
    } else {
      setText(text ? `${text}\n${filled}` : filled);
    }
    el?.focus();
  };

  const attach = async (files: FileList | null) => {
    if (!files) return;
    setError(null);
    for (const file of Array.from(files)) {
      setUploading((n) => n + 1);
      try {
        const up = await uploadFile(file);
        setUploads((u) => [...u, up]);
      } catch (err) {
        setError(err);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const send = async (options: { force?: boolean; cardChecked?: boolean } = {}) => {
    setError(null);
    setSent(null);
    if (!text.trim()) return;
    const card = findCardNumber(text);
    if (card && !options.cardChecked) {
      setCardWarning(card);
      return;
    }
    setCardWarning(null);
    setBusy(true);
    try {
      if (mode === "reply") {
        await sendReply(ticket.number, {
          text,
          html: rich ? markdownToHtml(text) : undefined,
          status,
          uploadIds: uploads.map((u) => u.id),
          expectedLastMessageId: basis,
          force: options.force || undefined,
        });
      } else {
        await addNote(ticket.number, text);
      }
      setText("");
      setUploads([]);
      setConflict(false);
      setSent(mode === "reply" ? t("composer.replySent") : t("composer.noteAdded"));
      onSent();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        onSent();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class={`composer composer-${mode}`} aria-label={t("composer.title")}>
      <div role="tablist" class="composer-tabs" aria-label={t("composer.mode")}>
        <button type="button" role="tab" id="tab-reply" aria-selected={mode === "reply"} aria-controls="composer-panel" onClick={() => onMode("reply")}>
          {t("composer.reply")}
        </button>
        <button type="button" role="tab" id="tab-note" aria-selected={mode === "note"} aria-controls="composer-panel" onClick={() => onMode("note")}>
          {t("composer.note")}
        </button>
      </div>
      <div id="composer-panel" role="tabpanel" aria-labelledby={mode === "reply" ? "tab-reply" : "tab-note"}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {mode === "note" && <p class="note-banner">{t("composer.noteBanner")}</p>}
        {newer && (
          <Notice kind="warning">
            {t("composer.newerMessage")}{" "}
            <button type="button" class="small" onClick={() => setBasis(shownLast)}>
              {t("composer.seen")}
            </button>
          </Notice>
        )}
        <textarea
          ref={textRef}
          aria-label={mode === "reply" ? t("composer.replyLabel") : t("composer.noteLabel")}
          rows={7}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setCardWarning(null);
          }}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
              e.preventDefault();
              void send();
            }
          }}
        />
        {cardWarning && (
          <div class="notice notice-danger" role="alert">
            <p>{t("composer.cardWarning", { card: cardWarning })}</p>
            <button type="button" class="danger" onClick={() => void send({ cardChecked: true })}>
              {t("composer.sendAnyway")}
            </button>{" "}
            <button type="button" onClick={() => setCardWarning(null)}>
              {t("composer.edit")}
            </button>
          </div>
        )}
        {conflict && (
          <div class="notice notice-warning" role="alert">
            <p>{t("composer.conflict")}</p>
            <button type="button" onClick={() => void send({ force: true, cardChecked: true })}>
              {t("composer.sendAnyway")}
            </button>
          </div>
        )}
        {mode === "reply" && uploads.length > 0 && (
          <ul class="uploads" aria-label={t("composer.attached")}>
            {uploads.map((u) => (
              <li key={u.id}>
                {u.filename} <span class="hint">{formatSize(u.size)}</span>{" "}
                <button type="button" class="icon-button" aria-label={t("composer.removeAttachment", { name: u.filename })} onClick={() => setUploads(uploads.filter((x) => x.id !== u.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="composer-bar">
          {(canned.data?.length ?? 0) > 0 && (
            <label>
              <span>{t("composer.canned")}</span>
              <select
                value=""
                onChange={(e) => {
                  const r = canned.data?.find((c) => c.id === e.currentTarget.value);
                  if (r) insertCanned(r);
                  e.currentTarget.value = "";
                }}
              >
                <option value="">—</option>
                {canned.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          {mode === "reply" && (
            <label class="file-label">
              <span>{t("composer.attach")}</span>
              <input
                type="file"
                multiple
                onChange={(e) => {
                  void attach(e.currentTarget.files);
                  e.currentTarget.value = "";
                }}
              />
            </label>
          )}
          {mode === "reply" && (
            <label class="checkbox" title={t("composer.richHint")}>
              <input
                type="checkbox"
                checked={rich}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setRich(on);
                  try {
                    localStorage.setItem(RICH_KEY, on ? "1" : "0");
                  } catch {
                    // A preference only.
                  }
                }}
              />
              <span>{t("composer.rich")}</span>
            </label>
          )}
          {uploading > 0 && <span role="status">{t("composer.uploading")}</span>}
          <span class="spacer" />
          {mode === "reply" && (
            <EnumSelect label={t("composer.statusAfter")} prefix="status" values={afterStatuses} value={status} onChange={(v) => setStatus(v as Status)} />
          )}
          <button class={mode === "note" ? "note-button" : "primary"} type="submit" disabled={busy || uploading > 0 || !text.trim()}>
            {mode === "reply" ? t("composer.sendReply") : t("composer.addNote")}
          </button>
        </div>
        <ErrorNotice error={error} />
        {sent && <Notice kind="success">{sent}</Notice>}
      </form>
      </div>
    </section>
  );
}
