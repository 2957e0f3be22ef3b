// One message of the conversation. HTML is shown only inside a sandboxed frame (no scripts, no
// same-origin access) served by the server with its own CSP; remote images load only on request.
import { useState } from "preact/hooks";
import { formatSize } from "../../lib/format.ts";
import { useT } from "../../lib/i18n.ts";
import type { Attachment, Message } from "../../lib/types.ts";
import { useSession } from "../../lib/session.ts";
import { VerdictBadge } from "../../ui/badges.tsx";
import { HeldBackNotice } from "./held-back-notice.tsx";
import { OpenOriginal } from "./open-original.tsx";
import { Time } from "../../ui/time.tsx";

export function MessageCard({ message }: { message: Message }) {
  const t = useT();
  const who = message.direction === "inbound" ? (message.from?.name || message.from?.address || "") : message.authorName || message.from?.name || "";
  const kind = t(`message.${message.direction}`);
  const { agent } = useSession();
  return (
    <article class={`message message-${message.direction}`} aria-label={`${kind}: ${who}`}>
      <header class="message-head">
        <span class="message-kind">{kind}</span>
        <strong class="message-from">{who}</strong>
        {message.direction === "inbound" && message.from?.address && message.from.name && <span class="address">&lt;{message.from.address}&gt;</span>}
        {message.direction === "inbound" && message.authVerdict && <VerdictBadge verdict={message.authVerdict} />}
        <span class="spacer" />
        <Time iso={message.createdAt} />
      </header>
      {message.direction !== "note" && (message.to.length > 0 || message.cc.length > 0) && (
        <p class="message-rcpt">
          {message.to.length > 0 && (
            <>
              {t("message.to")} {message.to.join(", ")}
            </>
          )}
          {message.cc.length > 0 && (
            <>
              {" · "}
              {t("message.cc")} {message.cc.join(", ")}
            </>
          )}
        </p>
      )}
      {message.lookalike && (
        <div class="notice notice-danger" role="alert">
          {t("message.lookalike", { domain: message.lookalike.domain, resembles: message.lookalike.resembles })}
          {message.lookalike.reason && <span class="hint"> ({message.lookalike.reason})</span>}
        </div>
      )}
      {message.direction === "inbound" && message.authVerdict === "spoofed" && (
        <div class="notice notice-danger" role="alert">
          {t("message.spoofedWarning")}
        </div>
      )}
      <MessageBody message={message} />
      {message.quoted && (
        <details class="quoted">
          <summary>{t("message.quoted")}</summary>
          <pre>{message.quoted}</pre>
        </details>
      )}
      {message.redactions.length > 0 && <p class="hint redactions">{t("message.redacted", { n: message.redactions.length })}</p>}
      {message.attachments.length > 0 && <AttachmentList attachments={message.attachments} />}
      {message.heldBackAttachments?.map((h, i) => <HeldBackNotice key={h.index ?? `at-${i}`} messageId={message.id} file={h} />)}
      {message.direction === "inbound" && agent.role === "auditor" && <OpenOriginal messageId={message.id} />}
    </article>
  );
}

function MessageBody({ message }: { message: Message }) {
  const t = useT();
  const [images, setImages] = useState(false);
  const [tall, setTall] = useState(false);
  if (message.hasHtml && message.htmlUrl) {
    const src = images ? `${message.htmlUrl}${message.htmlUrl.includes("?") ? "&" : "?"}images=1` : message.htmlUrl;
    return (
      <div class="message-html">
        <iframe
          key={src}
          src={src}
          sandbox=""
          referrerpolicy="no-referrer"
          loading="lazy"
          class={tall ? "tall" : undefined}
          title={t("message.htmlFrame", { from: message.from?.address ?? "" })}
        />
        <div class="message-tools">
          <button type="button" class="small" aria-pressed={images} onClick={() => setImages(!images)}>
            {images ? t("message.hideImages") : t("message.showImages")}
          </button>
          <button type="button" class="small" aria-pressed={tall} onClick={() => setTall(!tall)}>
            {tall ? t("message.shrink") : t("message.expand")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="message-text">
      {message.text ?? ""}
      {message.signature && <div class="signature">{message.signature}</div>}
    </div>
  );
}

function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const t = useT();
  return (
    <ul class="attachments" aria-label={t("message.attachments")}>
      {attachments.map((a) => (
        <li key={a.id}>
          {a.previewUrl && <img src={a.previewUrl} alt={a.filename} loading="lazy" class="preview" />}
          {a.url ? (
            <a href={a.url} download={a.filename} rel="noopener">
              {a.filename}
            </a>
          ) : (
            <span class="quarantined">{a.filename}</span>
          )}{" "}
          <span class="hint">
            {a.contentType} · {formatSize(a.size)}
            {a.agentOnly ? ` · ${t("message.agentOnly")}` : ""}
            {a.quarantine ? ` · ${t("message.quarantined", { signature: a.quarantine })}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
