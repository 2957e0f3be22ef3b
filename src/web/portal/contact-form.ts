// The contact form, a little better with JavaScript: FAQ articles that may already answer the question,
// a warning before sending anything that looks like a card number, ID number, password or code (the same
// rules the server redacts with), and the call-back fields only when a call-back is chosen.
// The page works without this script; the server checks and redacts everything anyway.
import { defineMessages, messagesFor, type PortalLanguage } from "../../common/i18n/define-messages.ts";
import { detectSecretKinds, type SecretKind } from "../../common/secrets/index.ts";

const messages = defineMessages({
  suggestions: "These articles may already answer your question:",
  warningTitle: "Please check before sending",
  warning: "Your text seems to contain {what}. We never need it: please remove it. (If you send it anyway, we hide it before anyone reads your request.)",
  sendAnyway: "Send anyway",
  card_number: "a card number",
  cvv: "a card security code (CVV)",
  resident_id: "an ID card number",
  password: "a password or PIN",
  otp: "a one-time code",
  and: " and ",
}, {
  suggestions: "以下文章或许能解答您的问题：",
  warningTitle: "提交前请检查",
  warning: "您填写的内容似乎包含{what}。我们从不需要这些信息，请将其删除。（如仍然提交，我们会在任何人阅读前将其隐藏。）",
  sendAnyway: "仍然提交",
  card_number: "银行卡号",
  cvv: "卡片安全码（CVV）",
  resident_id: "身份证号码",
  password: "密码或 PIN",
  otp: "验证码",
  and: "、",
});

const lang: PortalLanguage = document.documentElement.lang === "zh-CN" ? "zh-CN" : "en";
const t = messagesFor(messages, lang);

const form = document.querySelector<HTMLFormElement>("#contact-form");
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const field = <T extends HTMLElement>(id: string) => form.querySelector<T>(`#${id}`);
  const subject = field<HTMLInputElement>("subject");
  const description = field<HTMLTextAreaElement>("description");
  const warningBox = field<HTMLElement>("secret-warning");
  const suggestionBox = field<HTMLElement>("faq-suggestions");
  const checked = [subject, description, field<HTMLInputElement>("transactionId"), field<HTMLInputElement>("name")].filter((x): x is HTMLInputElement | HTMLTextAreaElement => !!x);
  let acknowledged = false;

  // Call-back details only when a call-back is chosen.
  const callback = form.querySelector<HTMLElement>(".callback");
  const syncCallback = () => {
    const phone = form.querySelector<HTMLInputElement>('input[name="feedback"][value="phone"]');
    if (callback) callback.hidden = !phone?.checked;
  };
  form.querySelectorAll<HTMLInputElement>('input[name="feedback"]').forEach((r) => r.addEventListener("change", syncCallback));
  syncCallback();

  const secretsNow = (): SecretKind[] => [...new Set(checked.flatMap((el) => detectSecretKinds(el.value)))];

  const showWarning = (kinds: SecretKind[], offerSend: boolean) => {
    if (!warningBox) return;
    if (kinds.length === 0) {
      warningBox.hidden = true;
      warningBox.replaceChildren();
      return;
    }
    const title = document.createElement("strong");
    title.textContent = t("warningTitle");
    const text = document.createElement("p");
    text.textContent = t("warning", { what: kinds.map((k) => t(k)).join(t("and")) });
    const parts: HTMLElement[] = [title, text];
    if (offerSend) {
      const send = document.createElement("button");
      send.type = "button";
      send.className = "secondary";
      send.textContent = t("sendAnyway");
      send.addEventListener("click", () => {
        acknowledged = true;
        form.requestSubmit();
      });
      parts.push(send);
    }
    warningBox.replaceChildren(...parts);
    warningBox.hidden = false;
  };

  let warnTimer: ReturnType<typeof setTimeout> | undefined;
  for (const el of checked) {
    el.addEventListener("input", () => {
      acknowledged = false;
      clearTimeout(warnTimer);
      warnTimer = setTimeout(() => showWarning(secretsNow(), false), 300);
    });
  }

  form.addEventListener("submit", (event) => {
    const kinds = secretsNow();
    if (kinds.length > 0 && !acknowledged) {
      event.preventDefault();
      showWarning(kinds, true);
      warningBox?.scrollIntoView({ block: "center" });
      return;
    }
  });

  // FAQ suggestions from the subject, or the start of the description while there is no subject.
  let suggestTimer: ReturnType<typeof setTimeout> | undefined;
  let lastQuery = "";
  const suggest = async () => {
    const q = (subject?.value.trim() || description?.value.trim().slice(0, 80) || "").trim();
    if (!suggestionBox || q === lastQuery) return;
    lastQuery = q;
    if ([...q].length < 2) {
      suggestionBox.hidden = true;
      return;
    }
    try {
      const res = await fetch(`/faq/suggest?${new URLSearchParams({ q, lang })}`, { headers: { accept: "application/json" } });
      if (!res.ok || q !== lastQuery) return;
      const { articles } = (await res.json()) as { articles: { title: string; url: string }[] };
      renderSuggestions(suggestionBox, articles);
    } catch {
      // Suggestions are a nicety: without them the form is the same.
    }
  };
  for (const el of [subject, description]) {
    el?.addEventListener("input", () => {
      clearTimeout(suggestTimer);
      suggestTimer = setTimeout(() => void suggest(), 400);
    });
  }
}

function renderSuggestions(box: HTMLElement, articles: { title: string; url: string }[]): void {
  if (articles.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const intro = document.createElement("p");
  intro.textContent = t("suggestions");
  const list = document.createElement("ul");
  for (const a of articles) {
    // Only our own pages: the server answers relative links, anything else is dropped.
    if (!a.url.startsWith("/faq/")) continue;
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = a.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = a.title;
    item.append(link);
    list.append(item);
  }
  box.replaceChildren(intro, list);
  box.hidden = false;
}
