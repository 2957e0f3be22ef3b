// The contact form as HTML that works without JavaScript: every value the customer typed comes back after
// an error (files excepted, and the page says so), with a message beside each field that needs attention.
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import {
  callbackWindows, formCategories, formLimits, type FieldError, type FieldName, type RawFormValues,
} from "../../ingest/web-form/form-fields.ts";
import { formChoiceLabels } from "../../ingest/web-form/form-labels.ts";
import { FORM_TOKEN_FIELD } from "./form-token.ts";
import { html, type SafeHtml } from "./html.ts";

export const contactMessages = defineMessages({
  title: "Contact us",
  formTitle: "Write to us",
  formIntro: "Tell us what happened and we will answer by e-mail (or call you back, if you prefer). Fields marked * are required.",
  never: "Never write your password, full card number, CVV or SMS code here: we never need them. The last four digits of a card are enough.",
  email: "Your e-mail address *",
  emailHint: "We send our answer and a link to follow your request here.",
  name: "Your name *",
  subject: "Subject *",
  category: "What is it about? *",
  choose: "Choose…",
  transactionId: "Transaction ID (optional)",
  transactionHint: "From your transaction history or receipt, if the problem concerns a payment.",
  description: "Describe the problem *",
  descriptionHint: "What happened, when, the amount and what you expected. Screenshots help.",
  attachments: "Screenshots or documents (optional)",
  attachmentsHint: "Up to {files} files, each up to {mb} MB: images (PNG, JPEG, GIF, WebP) or PDF.",
  feedback: "How should we get back to you?",
  phone: "Phone number for the call-back",
  phoneHint: "Only needed if you chose a call-back. Include the country code, e.g. +86.",
  window: "Best time to call (our local time)",
  urgency: "How urgent is it?",
  urgencyHint: "Urgent: money was taken without your permission, or your account is blocked and you need it now.",
  send: "Send request",
  honeypot: "Leave this field empty",
  errorsTitle: "Please check the fields marked below.",
  filesAgain: "For your safety, attached files are not kept when the form is shown again: please attach them again.",
  expired: "This form had expired, so nothing was sent. Your text is still here: please send it again.",
  tooFast: "That was very quick, so nothing was sent yet. Please check your request and send it again.",
  notSent: "Your request could not be sent. Please check it and send it again.",
  limited: "You have sent several requests in a short time, so this one was not sent. Your text is still here: please wait a few minutes and try again.",
  required: "Please fill this in.",
  tooLong: "This is too long: at most {max} characters.",
  tooShort: "Please describe the problem in a few more words.",
  invalid_email: "This is not an e-mail address we can write to.",
  invalid_category: "Please choose one of the topics.",
  invalid_transactionId: "Use only letters, digits and - _ . : / #.",
  invalid_phone: "Please enter a phone number with digits only (spaces, +, - and brackets are fine).",
  invalid_other: "Please choose one of the options.",
  too_many_files: "You can attach at most {files} files.",
  file_too_large: "“{file}” is larger than {mb} MB.",
  file_type: "“{file}” is not an image (PNG, JPEG, GIF, WebP) or a PDF.",
  file_empty: "“{file}” is empty.",
}, {
  title: "联系我们",
  formTitle: "给我们留言",
  formIntro: "请告诉我们发生了什么，我们会通过电子邮件回复（如您希望，也可以电话回访）。带 * 的为必填项。",
  never: "请勿在此填写密码、完整银行卡号、CVV 安全码或短信验证码：我们从不需要这些信息。如需说明是哪张卡，填写卡号后四位即可。",
  email: "您的电子邮箱 *",
  emailHint: "我们会将回复及查询进度的链接发送到这个邮箱。",
  name: "您的姓名 *",
  subject: "主题 *",
  category: "问题类型 *",
  choose: "请选择…",
  transactionId: "交易编号（选填）",
  transactionHint: "如问题与某笔支付有关，可在交易记录或收据中找到。",
  description: "问题描述 *",
  descriptionHint: "请说明发生了什么、时间、金额以及您期望的结果。附上截图会更有帮助。",
  attachments: "截图或文件（选填）",
  attachmentsHint: "最多 {files} 个文件，每个不超过 {mb} MB：图片（PNG、JPEG、GIF、WebP）或 PDF。",
  feedback: "您希望我们如何回复？",
  phone: "回访电话号码",
  phoneHint: "仅在选择电话回访时需要填写。请包含国家或地区代码，例如 +86。",
  window: "方便接听的时间（我方当地时间）",
  urgency: "紧急程度",
  urgencyHint: "紧急：资金在未经您授权的情况下被扣走，或账户被冻结而您急需使用。",
  send: "提交请求",
  honeypot: "请勿填写此项",
  errorsTitle: "请检查下方标出的字段。",
  filesAgain: "为了您的安全，表单重新显示时不会保留已选择的文件：请重新添加附件。",
  expired: "表单已过期，因此尚未提交。您填写的内容仍在：请再次提交。",
  tooFast: "提交速度过快，因此尚未提交。请检查您的请求后再次提交。",
  notSent: "您的请求未能提交。请检查后再次提交。",
  limited: "您在短时间内提交了多次请求，本次未提交。您填写的内容仍在：请稍等几分钟后再试。",
  required: "请填写此项。",
  tooLong: "内容过长：最多 {max} 个字符。",
  tooShort: "请再多描述几句问题。",
  invalid_email: "这不是一个有效的电子邮箱地址。",
  invalid_category: "请选择一个问题类型。",
  invalid_transactionId: "只能包含字母、数字以及 - _ . : / #。",
  invalid_phone: "请输入有效的电话号码（可包含空格、+、- 和括号）。",
  invalid_other: "请选择其中一个选项。",
  too_many_files: "最多只能添加 {files} 个文件。",
  file_too_large: "“{file}”超过 {mb} MB。",
  file_type: "“{file}”不是图片（PNG、JPEG、GIF、WebP）或 PDF 文件。",
  file_empty: "“{file}”是空文件。",
});

export type FormNotice = "expired" | "tooFast" | "notSent" | "limited";

export type ContactFormState = {
  values: RawFormValues;
  errors: FieldError[];
  notice?: FormNotice;
  /** The post carried files, which are not kept when the form comes back. */
  filesDropped?: boolean;
  csrf: string;
  fillToken: string;
};

const maxOf: Partial<Record<FieldName, number>> = {
  email: formLimits.emailMax, name: formLimits.nameMax, subject: formLimits.subjectMax,
  description: formLimits.descriptionMax, transactionId: formLimits.transactionIdMax, phone: formLimits.phoneMax,
};

export function renderContactForm(lang: PortalLanguage, state: ContactFormState): SafeHtml {
  const t = messagesFor(contactMessages, lang);
  const choice = messagesFor(formChoiceLabels, lang);
  const v = state.values;
  const mb = formLimits.maxFileBytes / 1024 / 1024;
  const errorsOf = (field: FieldName) => state.errors.filter((e) => e.field === field);
  const messageOf = (e: FieldError): string => {
    switch (e.code) {
      case "required": return t("required");
      case "too_long": return t("tooLong", { max: maxOf[e.field] ?? 0 });
      case "too_short": return t("tooShort");
      case "too_many_files": return t("too_many_files", { files: formLimits.maxFiles });
      case "file_too_large": return t("file_too_large", { file: e.file ?? "", mb });
      case "file_type": return t("file_type", { file: e.file ?? "" });
      case "file_empty": return t("file_empty", { file: e.file ?? "" });
      case "invalid":
        if (e.field === "email" || e.field === "category" || e.field === "transactionId" || e.field === "phone") return t(`invalid_${e.field}`);
        return t("invalid_other");
    }
  };
  /** aria wiring and the messages for one field. */
  const problem = (field: FieldName, hintId?: string) => {
    const list = errorsOf(field);
    const describedBy = [hintId, list.length ? `${field}-error` : undefined].filter(Boolean).join(" ");
    return {
      attrs: html`${describedBy ? html` aria-describedby="${describedBy}"` : ""}${list.length ? html` aria-invalid="true"` : ""}`,
      messages: list.length ? html`<p class="field-error" id="${field}-error">${list.map((e, i) => html`${i ? html`<br>` : ""}${messageOf(e)}`)}</p>` : "",
    };
  };
  const text = (field: "email" | "name" | "subject" | "transactionId" | "phone", type: string, extra: SafeHtml, hint?: string) => {
    const p = problem(field, hint ? `${field}-hint` : undefined);
    return html`<div class="field${p.messages ? " has-error" : ""}">
  <label for="${field}">${t(field)}</label>
  ${hint ? html`<span class="muted hint" id="${field}-hint">${hint}</span>` : ""}
  <input type="${type}" id="${field}" name="${field}" value="${v[field] ?? ""}" maxlength="${maxOf[field] ?? 200}"${extra}${p.attrs}>
  ${p.messages}
</div>`;
  };
  const radios = (field: "feedback" | "urgency", options: readonly string[], fallback: string, label: (o: string) => string, hint?: string) => {
    const chosen = v[field] || fallback;
    const p = problem(field, hint ? `${field}-hint` : undefined);
    return html`<fieldset class="field"${p.attrs}><legend>${t(field)}</legend>
  ${hint ? html`<span class="muted hint" id="${field}-hint">${hint}</span>` : ""}
  ${options.map((o) => html`<label class="choice"><input type="radio" name="${field}" value="${o}"${o === chosen ? html` checked` : ""}> ${label(o)}</label>`)}
  ${p.messages}
</fieldset>`;
  };
  const category = problem("category");
  const description = problem("description", "description-hint");
  const attachments = problem("attachments", "attachments-hint");
  const windowProblem = problem("window");
  const hasErrors = state.errors.length > 0;

  return html`<section class="card contact-form" aria-labelledby="contact-form-title">
<h2 id="contact-form-title">${t("formTitle")}</h2>
<p>${t("formIntro")}</p>
<p class="notice never-send">${t("never")}</p>
${state.notice ? html`<div class="error" role="alert" id="form-notice"><p>${t(state.notice)}</p>${state.filesDropped ? html`<p>${t("filesAgain")}</p>` : ""}</div>` : ""}
${hasErrors ? html`<div class="error" role="alert" id="form-errors"><p>${t("errorsTitle")}</p>${state.filesDropped ? html`<p>${t("filesAgain")}</p>` : ""}</div>` : ""}
<form method="post" action="/contact" enctype="multipart/form-data" id="contact-form">
  <input type="hidden" name="${FORM_TOKEN_FIELD}" value="${state.csrf}">
  <input type="hidden" name="_t" value="${state.fillToken}">
  ${text("email", "email", html` required autocomplete="email"`, t("emailHint"))}
  ${text("name", "text", html` required autocomplete="name"`)}
  ${text("subject", "text", html` required autocomplete="off"`)}
  <div class="field${category.messages ? " has-error" : ""}">
    <label for="category">${t("category")}</label>
    <select id="category" name="category" required${category.attrs}>
      <option value="">${t("choose")}</option>
      ${formCategories.map((c) => html`<option value="${c}"${v.category === c ? html` selected` : ""}>${choice(`category_${c}`)}</option>`)}
    </select>
    ${category.messages}
  </div>
  ${text("transactionId", "text", html` autocomplete="off" spellcheck="false"`, t("transactionHint"))}
  <div class="field${description.messages ? " has-error" : ""}">
    <label for="description">${t("description")}</label>
    <span class="muted hint" id="description-hint">${t("descriptionHint")}</span>
    <textarea id="description" name="description" rows="8" required maxlength="${formLimits.descriptionMax}"${description.attrs}>${v.description ?? ""}</textarea>
    ${description.messages}
    <div id="secret-warning" class="error secret-warning" role="alert" hidden></div>
    <div id="faq-suggestions" class="faq-suggestions" aria-live="polite" hidden></div>
  </div>
  <div class="field${attachments.messages ? " has-error" : ""}">
    <label for="attachments">${t("attachments")}</label>
    <span class="muted hint" id="attachments-hint">${t("attachmentsHint", { files: formLimits.maxFiles, mb })}</span>
    <input type="file" id="attachments" name="attachments" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"${attachments.attrs}>
    ${attachments.messages}
  </div>
  ${radios("feedback", ["email", "phone"], "email", (o) => choice(o === "phone" ? "feedback_phone" : "feedback_email"))}
  <div class="callback">
    ${text("phone", "tel", html` autocomplete="tel"`, t("phoneHint"))}
    <div class="field">
      <label for="window">${t("window")}</label>
      <select id="window" name="window"${windowProblem.attrs}>
        ${callbackWindows.map((w) => html`<option value="${w}"${(v.window || "any") === w ? html` selected` : ""}>${choice(`window_${w}`)}</option>`)}
      </select>
      ${windowProblem.messages}
    </div>
  </div>
  ${radios("urgency", ["normal", "urgent"], "normal", (o) => choice(o === "urgent" ? "urgency_urgent" : "urgency_normal"), t("urgencyHint"))}
  <div class="hp" aria-hidden="true">
    <label for="homepage">${t("honeypot")}</label>
    <input type="text" id="homepage" name="homepage" value="" tabindex="-1" autocomplete="off">
  </div>
  <button type="submit">${t("send")}</button>
</form>
</section>`;
}
