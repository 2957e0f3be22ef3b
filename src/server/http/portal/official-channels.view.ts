// The official channels as the help centre shows them (Contact us, the home page): every published channel
// grouped by kind, with hours and expected response times, and the rules customers can hold us to.
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { listPublishedChannels } from "../../modules/help-centre/official-channel.commands.ts";
import type { ChannelKind, OfficialChannel } from "../../modules/help-centre/official-channel.ts";
import { html, type SafeHtml } from "./html.ts";

const messages = defineMessages({
  title: "Our official channels",
  intro: "These are the only addresses, numbers and accounts {company} support uses. Anything else that claims to be us is not us.",
  email: "E-mail",
  phone: "Phone",
  chat: "Live chat",
  social: "Social media",
  web: "Websites",
  hours: "Hours",
  response: "Expected response",
  none: "No channels are published yet.",
  chatNotYet: "Live chat is not available yet. When it opens, a chat button will appear at the bottom right of this site's pages; until then, please write to us by e-mail.",
  chatHours: "Chat hours once it opens: {hours}",
  rulesTitle: "What we will never ask you",
  ruleNever: "We never ask for your password, your full card number, the CVV on the back of your card or an SMS code — not by e-mail, phone, chat or social media.",
  ruleCheck: "Not sure a message is from us? Check the address on “Is this really us?” or its verification code on “Verify a message”.",
  checkLink: "Is this really us?",
  verifyLink: "Verify a message",
  purpose_general: "General support",
  purpose_complaints: "Complaints",
  purpose_security: "Security and fraud",
  purpose_privacy: "Privacy and personal data",
}, {
  title: "我们的官方渠道",
  intro: "以下是 {company} 客服使用的全部邮箱、电话和账号。其他任何自称是我们的渠道都不是我们。",
  email: "电子邮件",
  phone: "电话",
  chat: "在线客服",
  social: "社交媒体",
  web: "网站",
  hours: "服务时间",
  response: "预计回复时间",
  none: "尚未公布任何渠道。",
  chatNotYet: "在线客服尚未开通。开通后，本网站页面右下角会出现聊天按钮；在此之前，请通过电子邮件联系我们。",
  chatHours: "开通后的服务时间：{hours}",
  rulesTitle: "我们绝不会向您索取",
  ruleNever: "我们绝不会通过邮件、电话、在线客服或社交媒体向您索取密码、完整银行卡号、卡背面的 CVV 安全码或短信验证码。",
  ruleCheck: "不确定消息是否来自我们？请在“核实官方渠道”页面检查地址，或在“验证邮件”页面输入邮件验证码。",
  checkLink: "核实官方渠道",
  verifyLink: "验证邮件",
  purpose_general: "一般咨询",
  purpose_complaints: "投诉",
  purpose_security: "安全与防诈骗",
  purpose_privacy: "隐私与个人数据",
});

const kindOrder: ChannelKind[] = ["email", "phone", "chat", "social", "web"];
const knownPurposes = ["general", "complaints", "security", "privacy"] as const;

export async function renderOfficialChannels(ctx: Ctx, lang: PortalLanguage): Promise<SafeHtml> {
  const t = messagesFor(messages, lang);
  const channels = await listPublishedChannels(ctx);
  const zh = lang === "zh-CN";
  const pick = (b: { en: string; zh: string }) => (zh ? b.zh || b.en : b.en || b.zh);
  const purpose = (p: string) => ((knownPurposes as readonly string[]).includes(p) ? t(`purpose_${p as (typeof knownPurposes)[number]}`) : p);
  const groups = kindOrder.map((kind) => ({ kind, items: channels.filter((c) => c.kind === kind) }));
  const chats = groups.find((g) => g.kind === "chat")!.items;

  const item = (c: OfficialChannel) => html`<li class="channel" data-kind="${c.kind}">
  <strong>${pick(c.label)}</strong> <span class="muted">· ${purpose(c.purpose)}</span><br>
  ${channelValue(c)}
  ${pick(c.hours) ? html`<br><span class="muted">${t("hours")}:</span> ${pick(c.hours)}` : ""}
  ${pick(c.responseTime) ? html`<br><span class="muted">${t("response")}:</span> ${pick(c.responseTime)}` : ""}
</li>`;

  return html`<section class="card official-channels" id="official-channels" aria-labelledby="official-channels-title">
<h2 id="official-channels-title">${t("title")}</h2>
<p>${t("intro", { company: ctx.services.config.companyName })}</p>
${channels.length === 0 ? html`<p class="muted">${t("none")}</p>` : ""}
${groups.filter((g) => g.kind !== "chat" && g.items.length > 0).map((g) => html`<h3>${t(g.kind)}</h3><ul class="channels">${g.items.map(item)}</ul>`)}
<h3>${t("chat")}</h3>
<p class="notice">${t("chatNotYet")}</p>
${chats.length ? html`<ul class="channels">${chats.map((c) => html`<li class="channel" data-kind="chat"><strong>${pick(c.label)}</strong>${pick(c.hours) ? html`<br>${t("chatHours", { hours: pick(c.hours) })}` : ""}</li>`)}</ul>` : ""}
<div class="rules-box">
<h3>${t("rulesTitle")}</h3>
<p>${t("ruleNever")}</p>
<p>${t("ruleCheck")} <a href="/check">${t("checkLink")}</a> · <a href="/verify">${t("verifyLink")}</a></p>
</div>
</section>`;
}

function channelValue(c: OfficialChannel): SafeHtml {
  const v = c.value.trim();
  if (c.kind === "email") return html`<a class="channel-value" href="mailto:${v}">${v}</a>`;
  if (c.kind === "phone") return html`<a class="channel-value" href="tel:${v.replace(/[^\d+]/g, "")}">${v}</a>`;
  if (c.kind === "web" || (c.kind === "social" && /^https?:\/\//i.test(v))) {
    const href = /^https?:\/\//i.test(v) ? v : `https://${v}`;
    return html`<a class="channel-value" href="${href}" rel="noopener noreferrer">${v}</a>`;
  }
  return html`<span class="channel-value">${v}</span>`;
}
