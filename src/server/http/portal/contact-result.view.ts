// What the customer sees after sending the contact form or following the confirmation link: the ticket
// number and what happens next, or the one step still missing.
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import type { FeedbackChoice } from "../../ingest/web-form/form-fields.ts";
import { formChoiceLabels } from "../../ingest/web-form/form-labels.ts";
import { FORM_TOKEN_FIELD } from "./form-token.ts";
import { html, type SafeHtml } from "./html.ts";

export const resultMessages = defineMessages({
  receivedTitle: "Thank you, we have your request",
  number: "Your request number is",
  numberLater: "Your request number is on its way to you by e-mail.",
  mailed: "We have sent a confirmation to {email}.",
  mailedConfirmed: "We have sent a confirmation to your e-mail address.",
  nextTitle: "What happens next",
  nextReply: "An agent will answer by e-mail, usually within {hours} hours.",
  nextCall: "You asked for a call-back: we will call {phone} ({window}).",
  nextUrgent: "You marked it urgent: it is near the top of our queue.",
  nextTrack: "To follow it, open the link in our confirmation e-mail, or use Track my request with your e-mail address and the number.",
  nextAdd: "To add anything, reply to our e-mail rather than sending the form again: it keeps everything in one place.",
  nextSpam: "Nothing in your inbox after a few minutes? Look in your spam folder.",
  trackLink: "Track my request",
  noReplyLink: "Not getting our e-mails?",
  heldTitle: "One more step: confirm your e-mail address",
  held: "We have saved your request. Because this is the first time we hear from {email}, we sent a link there to make sure the address is yours.",
  heldNext: "Open the link within {hours} hours and your request goes straight to our team. Until then, nobody has seen it.",
  confirmTitle: "Confirm your request",
  confirmIntro: "Press the button to confirm that you sent this request. It then goes to our support team.",
  confirmButton: "Confirm and send my request",
  invalidTitle: "This link does not work",
  invalid: "This confirmation link is not valid. Please use the link from the e-mail exactly as it is, or send your request again.",
  expiredTitle: "This link has expired",
  expired: "The request was not confirmed in time, so it was not passed on. Please send it again.",
  writeAgain: "Contact us",
}, {
  receivedTitle: "谢谢，我们已收到您的请求",
  number: "您的请求编号是",
  numberLater: "您的请求编号将通过电子邮件发送给您。",
  mailed: "我们已向 {email} 发送确认邮件。",
  mailedConfirmed: "我们已向您的邮箱发送确认邮件。",
  nextTitle: "接下来会怎样",
  nextReply: "客服人员会通过电子邮件回复您，通常在 {hours} 小时内。",
  nextCall: "您选择了电话回访：我们会拨打 {phone}（{window}）。",
  nextUrgent: "您将此请求标为紧急：它会被优先处理。",
  nextTrack: "如需查看进度，请打开确认邮件中的链接，或在“查询我的请求”页面输入您的邮箱和请求编号。",
  nextAdd: "如需补充信息，请直接回复我们的邮件，不要再次提交表单，这样所有内容都会保存在同一个请求中。",
  nextSpam: "几分钟后仍未收到邮件？请查看垃圾邮件文件夹。",
  trackLink: "查询我的请求",
  noReplyLink: "收不到我们的邮件？",
  heldTitle: "还差一步：确认您的邮箱地址",
  held: "我们已保存您的请求。由于这是我们第一次收到 {email} 的来信，我们已向该邮箱发送了一个链接，以确认该地址属于您。",
  heldNext: "请在 {hours} 小时内打开该链接，您的请求将直接转交给我们的团队。在此之前，任何人都看不到它。",
  confirmTitle: "确认您的请求",
  confirmIntro: "请点击下方按钮，确认此请求是您本人提交的。确认后，请求将转交给客服团队。",
  confirmButton: "确认并提交我的请求",
  invalidTitle: "此链接无效",
  invalid: "此确认链接无效。请完整使用邮件中的链接，或重新提交您的请求。",
  expiredTitle: "此链接已过期",
  expired: "该请求未在规定时间内确认，因此没有被转交。请重新提交。",
  writeAgain: "联系我们",
});

export type ReceivedFacts = {
  ref: string | null;
  /** Shown when the customer typed it on this very page; the confirmation page does not repeat it. */
  email: string | null;
  feedback: FeedbackChoice | null;
  urgent: boolean;
  firstResponseHours: number;
};

export function renderReceived(lang: PortalLanguage, f: ReceivedFacts): SafeHtml {
  const t = messagesFor(resultMessages, lang);
  const choice = messagesFor(formChoiceLabels, lang);
  return html`<section class="card contact-received" aria-labelledby="received-title">
<h1 id="received-title">${t("receivedTitle")}</h1>
${f.ref
    ? html`<p class="ticket-number">${t("number")} <strong id="ticket-number">${f.ref}</strong></p>`
    : html`<p class="ticket-number">${t("numberLater")}</p>`}
<p>${f.email ? t("mailed", { email: f.email }) : t("mailedConfirmed")}</p>
<h2>${t("nextTitle")}</h2>
<ul class="next-steps">
  <li>${t("nextReply", { hours: f.firstResponseHours })}</li>
  ${f.feedback?.method === "phone" ? html`<li>${t("nextCall", { phone: f.feedback.phone, window: choice(`window_${f.feedback.window}`) })}</li>` : ""}
  ${f.urgent ? html`<li>${t("nextUrgent")}</li>` : ""}
  <li>${t("nextTrack")} <a href="/track">${t("trackLink")}</a></li>
  <li>${t("nextAdd")}</li>
  <li>${t("nextSpam")} <a href="/guides/no-reply">${t("noReplyLink")}</a></li>
</ul>
</section>`;
}

export function renderHeld(lang: PortalLanguage, f: { email: string; hours: number }): SafeHtml {
  const t = messagesFor(resultMessages, lang);
  return html`<section class="card contact-held" aria-labelledby="held-title">
<h1 id="held-title">${t("heldTitle")}</h1>
<p>${t("held", { email: f.email })}</p>
<p>${t("heldNext", { hours: f.hours })}</p>
<p class="muted">${t("nextSpam")}</p>
</section>`;
}

export function renderConfirmPrompt(lang: PortalLanguage, f: { ref: string; signature: string; csrf: string }): SafeHtml {
  const t = messagesFor(resultMessages, lang);
  return html`<section class="card" aria-labelledby="confirm-title">
<h1 id="confirm-title">${t("confirmTitle")}</h1>
<p>${t("confirmIntro")}</p>
<form method="post" action="/contact/confirm" enctype="multipart/form-data">
  <input type="hidden" name="${FORM_TOKEN_FIELD}" value="${f.csrf}">
  <input type="hidden" name="r" value="${f.ref}">
  <input type="hidden" name="s" value="${f.signature}">
  <button type="submit">${t("confirmButton")}</button>
</form>
</section>`;
}

export function renderLinkProblem(lang: PortalLanguage, kind: "invalid" | "expired"): { title: string; body: SafeHtml } {
  const t = messagesFor(resultMessages, lang);
  const title = t(kind === "invalid" ? "invalidTitle" : "expiredTitle");
  return {
    title,
    body: html`<h1>${title}</h1><p class="error" role="alert">${t(kind)}</p><p><a class="button" href="/contact">${t("writeAgain")}</a></p>`,
  };
}
