// The tracking pages' bodies. Every customer-supplied value goes through `html`, so hostile text stays text.
import { messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import type { CustomerTicket } from "../../modules/tracking/ticket.customer-present.ts";
import { html, type SafeHtml } from "./html.ts";
import { trackingMessages } from "./tracking-messages.ts";

export const trackingT = (lang: PortalLanguage) => messagesFor(trackingMessages, lang);
type T = ReturnType<typeof trackingT>;

/** `2026-01-05 08:00 UTC`: unambiguous for every reader, whatever their time zone. */
export const formatTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

const formatSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

export function renderRequestForm(t: T, input: { csrf: string; example: string; email?: string; ticket?: string; problem?: string; intro?: string }): SafeHtml {
  return html`<h1>${t("requestTitle")}</h1>
${input.intro ? html`<p class="notice">${input.intro}</p>` : ""}
<p>${t("requestIntro")}</p>
${input.problem ? html`<p class="error" role="alert">${input.problem}</p>` : ""}
<form method="post" action="/track" class="card">
  ${csrfField(input.csrf)}
  <div class="field"><label for="track-email">${t("email")}</label>
    <input id="track-email" type="email" name="email" required maxlength="320" autocomplete="email" value="${input.email ?? ""}"></div>
  <div class="field"><label for="track-ticket">${t("ticket")}</label>
    <input id="track-ticket" type="text" name="ticket" required maxlength="40" value="${input.ticket ?? ""}" aria-describedby="track-ticket-hint">
    <span id="track-ticket-hint" class="muted">${t("ticketHint", { example: input.example })}</span></div>
  <button type="submit">${t("sendLink")}</button>
</form>`;
}

export function renderRequestSent(t: T, input: { email: string; ref: string; days: number }): SafeHtml {
  return html`<h1>${t("sentTitle")}</h1>
<p class="notice" role="status">${t("sentBody", { email: input.email, ref: input.ref, days: input.days })}</p>
<p class="muted">${t("sentHelp")}</p>`;
}

export function renderMessage(text: string): SafeHtml {
  return html`<p class="error" role="alert">${text}</p>`;
}

function expectationText(t: T, ticket: CustomerTicket): string {
  const e = ticket.expectation;
  switch (e.kind) {
    case "reply_by": return t("expectReplyBy", { time: formatTime(e.at) });
    case "usual": return t("expectUsual", { hours: e.hours });
    case "waiting_for_you": return t("expectWaiting");
    default: return t("expectNone");
  }
}

export type TrackingPageInput = {
  ticket: CustomerTicket;
  address: string;
  csrf: string;
  notice: string | null;
  exports: boolean;
};

export function renderTrackingPage(t: T, p: TrackingPageInput): SafeHtml {
  const { ticket } = p;
  const base = `/track/${ticket.ref}`;
  const timeline = ticket.messages.length === 0
    ? html`<p class="muted">${t("noMessages")}</p>`
    : html`<ol class="timeline">${ticket.messages.map((m) => html`<li class="${m.direction}" id="m-${m.id}">
  <div class="meta"><strong>${m.author.kind === "you" ? t("you") : m.author.label}</strong> · <time datetime="${m.createdAt}">${formatTime(m.createdAt)}</time></div>
  <div class="body">${m.text}</div>
  ${m.attachments.length ? html`<div class="attachments"><span class="muted">${t("attachments")}:</span> <ul>${m.attachments.map((a) => html`<li><a href="${base}/attachments/${a.id}" download>${a.filename}</a> <span class="muted">(${formatSize(a.size)})</span></li>`)}</ul></div>` : ""}
  ${m.heldBackFiles.map((h) => html`<p class="error" role="alert">${t(h.reason === "malware" ? "fileFlagged" : h.reason === "quarantined" ? "fileQuarantined" : "fileUnscannable", { file: h.filename })}</p>`)}
</li>`)}</ol>`;

  const survey = ticket.survey.offered ? html`<section class="card" aria-labelledby="survey-title">
  <h2 id="survey-title">${t("surveyTitle")}</h2>
  ${ticket.survey.answer ? html`<p role="status">${t("surveyThanks")} ${t("surveyYours", { rating: ticket.survey.answer.rating })}</p>` : html`<p>${t("surveyHint")}</p>`}
  ${ticket.survey.changeable ? html`<form method="post" action="${base}/survey">
    ${csrfField(p.csrf)}
    <fieldset class="rating"><legend>${t("surveyRating")}</legend>
      ${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value="${n}" required${ticket.survey.answer?.rating === n ? html` checked` : ""}> ${n}</label> `)}
    </fieldset>
    <div class="field"><label for="survey-comment">${t("surveyComment")}</label>
      <textarea id="survey-comment" name="comment" maxlength="2000">${ticket.survey.answer?.comment ?? ""}</textarea></div>
    ${ticket.survey.answer ? html`<p class="muted">${t("surveyChange")}</p>` : ""}
    <button type="submit">${t("surveySend")}</button>
  </form>` : ""}
</section>` : "";

  const reply = ticket.canReply ? html`<section class="card" aria-labelledby="reply-title">
  <h2 id="reply-title">${t("replyTitle")}</h2>
  <p class="muted">${t("replyHint")}</p>
  <form method="post" action="${base}/reply" enctype="multipart/form-data">
    ${csrfField(p.csrf)}
    <div class="field"><label for="reply-text">${t("replyText")}</label><textarea id="reply-text" name="text" maxlength="20000"></textarea></div>
    <div class="field"><label for="reply-files">${t("replyFiles")}</label>
      <input id="reply-files" type="file" name="files" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"></div>
    <button type="submit">${t("sendReply")}</button>
  </form>
</section>` : html`<p class="notice">${t("closedNotice")}</p>`;

  const closeReopen = ticket.canClose || ticket.canReopen ? html`<section class="card" aria-labelledby="close-title">
  <h2 id="close-title">${t("closeTitle")}</h2>
  <p class="muted">${t("closeHint")}</p>
  <div class="actions">
  ${ticket.canReopen ? html`<form method="post" action="${base}/reopen" class="inline">${csrfField(p.csrf)}<button type="submit">${t("reopen")}</button></form>` : ""}
  ${ticket.canClose ? html`<form method="post" action="${base}/close" class="inline">${csrfField(p.csrf)}<button type="submit" class="secondary">${t("close")}</button></form>` : ""}
  </div>
</section>` : "";

  const exports = p.exports ? html`<section class="card" aria-labelledby="export-title">
  <h2 id="export-title">${t("exportTitle")}</h2>
  <p class="muted">${t("exportHint")}</p>
  <p><a class="button" href="${base}/export.pdf" download>${t("exportPdf")}</a> <a class="button" href="${base}/export.zip" download>${t("exportZip")}</a> <a href="/verify-export">${t("exportCheck")}</a></p>
</section>` : "";

  return html`<h1>${ticket.ref}: ${ticket.subject}</h1>
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ""}
<dl class="card facts">
  <dt>${t("statusLabel")}</dt><dd><strong class="status status-${ticket.status}">${t(`status_${ticket.status}`)}</strong></dd>
  <dt>${t("priorityLabel")}</dt><dd>${t(`priority_${ticket.priority}`)}</dd>
  <dt>${t("expectedLabel")}</dt><dd>${expectationText(t, ticket)}</dd>
  <dt>${t("openedLabel")}</dt><dd><time datetime="${ticket.createdAt}">${formatTime(ticket.createdAt)}</time></dd>
  <dt>${t("updatedLabel")}</dt><dd><time datetime="${ticket.updatedAt}">${formatTime(ticket.updatedAt)}</time></dd>
</dl>
${survey}
<h2>${t("conversation")}</h2>
${timeline}
${reply}
${closeReopen}
${exports}
<section class="card" aria-labelledby="privacy-title">
  <h2 id="privacy-title">${t("privacyTitle")}</h2>
  <p class="muted">${t("privacyHint", { email: p.address })}</p>
  <form method="post" action="${base}/privacy">
    ${csrfField(p.csrf)}
    <fieldset><legend>${t("privacyKind")}</legend>
      <label><input type="radio" name="kind" value="export" required> ${t("privacyExport")}</label>
      <label><input type="radio" name="kind" value="deletion"> ${t("privacyDeletion")}</label>
    </fieldset>
    <div class="field"><label for="privacy-note">${t("privacyNote")}</label><textarea id="privacy-note" name="note" maxlength="2000"></textarea></div>
    <button type="submit" class="secondary">${t("privacySend")}</button>
  </form>
</section>
<section class="card" aria-labelledby="signout-title">
  <h2 id="signout-title">${t("signOutTitle")}</h2>
  <p class="muted">${t("signOutHint")}</p>
  <form method="post" action="${base}/sign-out">${csrfField(p.csrf)}<button type="submit" class="secondary">${t("signOut")}</button></form>
</section>`;
}

export function renderPrivacyConfirm(t: T, input: { csrf: string; token: string; kind: "export" | "deletion"; address: string }): SafeHtml {
  return html`<h1>${t("privacyConfirmTitle")}</h1>
<p>${input.kind === "export" ? t("privacyConfirmExport", { email: input.address }) : t("privacyConfirmDeletion", { email: input.address })}</p>
<form method="post" action="/track/privacy/confirm" class="card">
  ${csrfField(input.csrf)}
  <input type="hidden" name="t" value="${input.token}">
  <button type="submit">${t("privacyConfirmButton")}</button>
</form>`;
}

export function renderPrivacyDone(t: T, ref: string): SafeHtml {
  return html`<h1>${t("privacyDoneTitle")}</h1><p class="notice" role="status">${t("privacyDone", { ref })}</p>`;
}

export function renderErrorBody(t: T, text: string, backHref: string | null): SafeHtml {
  return html`<h1>${t("errorTitle")}</h1><p class="error" role="alert">${text}</p>${backHref ? html`<p><a href="${backHref}">${t("back")}</a></p>` : ""}`;
}
