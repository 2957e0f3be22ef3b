// The checker's answer in plain words, in the reader's language: the verdict, which official channel it is
// or what it imitates, and each reason the detector gave (its English details stay for agents and logs).
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import type { ChannelCheck, HeaderCheck, Reason } from "../../modules/lookalike/check-channel.ts";
import type { OfficialChannel } from "../../modules/help-centre/official-channel.ts";
import { html, type SafeHtml } from "./html.ts";

const messages = defineMessages({
  official: "Official",
  lookalike: "Looks like ours — probably phishing",
  not_ours: "Not ours",
  checked: "You checked:",
  registeredAs: "Its real (encoded) form is {ascii}; it displays as {unicode}.",
  officialIs: "This is one of our official channels: {channel}.",
  officialDomain: "This is our own domain ({matched}).",
  lookalikeIs: "It is made to look like our {resembles}, but it is not ours.",
  lookalikeGeneric: "It is made to look like one of our channels, but it is not ours.",
  lookalikeAdvice: "Do not reply, click its links, pay or give any codes. If you already did, contact us through a channel listed on Contact us and change your password.",
  notOursIs: "This is not one of our channels. It does not imitate us either, but we cannot tell you who it belongs to.",
  notOursAdvice: "Our support only uses the channels listed on Contact us.",
  reasons: "Why:",
  r_confusable: "It uses characters from another alphabet (or digits) that look the same as the letters of {resembles}.",
  r_edit_distance: "It differs from {resembles} by only one or two letters — a typical typing trap.",
  r_brand_embedded: "It contains our name, but the domain it really belongs to is someone else's.",
  r_lookalike_tld: "It uses our name with a different ending than our {resembles}.",
  r_userinfo_trick: "The link shows our name before an “@”, but a browser would open the site after the “@”.",
  r_near_number: "The number differs by a digit (or the country code) from our number {resembles}.",
  r_display_name_brand: "The sender's name uses our name, but the address behind it is not ours.",
  r_punycode: "Part of the address is encoded (“xn--”); decoded it reads {unicode}.",
  r_mixed_script: "It mixes letters from different alphabets, which real domains rarely do.",
  r_ip_address: "It points to a bare number (IP address) instead of a named website.",
  r_unlisted_address: "The domain is ours, but this exact address is not one of the support addresses we publish.",
  r_unrecognised: "This does not look like an e-mail address, web address, domain or phone number.",
  headersTitle: "What we found in the pasted e-mail",
  headersNone: "We found no sender address or link in the pasted text.",
  source_from: "From",
  "source_reply-to": "Reply-To",
  "source_return-path": "Return-Path",
  source_sender: "Sender",
  source_link: "Link",
  colSource: "Where",
  colValue: "Value",
  colVerdict: "Verdict",
  worstLookalike: "At least one part of this e-mail imitates us: treat it as phishing.",
  worstNotOurs: "This e-mail uses addresses or links that are not ours.",
  worstOfficial: "Every address and link in it is ours. A sender address can still be forged: check the verification code in the e-mail's footer too.",
}, {
  official: "官方渠道",
  lookalike: "仿冒我们——很可能是钓鱼",
  not_ours: "不是我们的渠道",
  checked: "您查询的是：",
  registeredAs: "它的真实（编码）形式是 {ascii}，显示为 {unicode}。",
  officialIs: "这是我们的官方渠道：{channel}。",
  officialDomain: "这是我们自己的域名（{matched}）。",
  lookalikeIs: "它刻意模仿我们的 {resembles}，但并不属于我们。",
  lookalikeGeneric: "它刻意模仿我们的渠道，但并不属于我们。",
  lookalikeAdvice: "请不要回复、点击其中的链接、付款或提供任何验证码。如果您已经这样做了，请通过“联系我们”页面列出的渠道联系我们，并修改密码。",
  notOursIs: "这不是我们的渠道。它也没有模仿我们，但我们无法告诉您它属于谁。",
  notOursAdvice: "我们的客服只使用“联系我们”页面列出的渠道。",
  reasons: "原因：",
  r_confusable: "它使用了其他文字（或数字）中与 {resembles} 的字母外形相同的字符。",
  r_edit_distance: "它与 {resembles} 只差一两个字母——这是常见的输入陷阱。",
  r_brand_embedded: "它包含我们的名称，但实际所属的域名是别人的。",
  r_lookalike_tld: "它使用了我们的名称，但后缀与我们的 {resembles} 不同。",
  r_userinfo_trick: "链接在“@”前面显示了我们的名称，但浏览器实际会打开“@”后面的网站。",
  r_near_number: "该号码与我们的号码 {resembles} 相差一位数字（或国家代码不同）。",
  r_display_name_brand: "发件人名称使用了我们的名称，但实际地址不是我们的。",
  r_punycode: "地址的一部分经过编码（“xn--”），解码后为 {unicode}。",
  r_mixed_script: "它混用了不同文字的字母，正规域名很少这样做。",
  r_ip_address: "它指向一串数字（IP 地址），而不是有名称的网站。",
  r_unlisted_address: "该域名属于我们，但这个地址不在我们公布的客服邮箱之列。",
  r_unrecognised: "这看起来不像电子邮件地址、网址、域名或电话号码。",
  headersTitle: "在您粘贴的邮件中发现的内容",
  headersNone: "在粘贴的文本中没有找到发件人地址或链接。",
  source_from: "发件人 (From)",
  "source_reply-to": "回复地址 (Reply-To)",
  "source_return-path": "退信地址 (Return-Path)",
  source_sender: "代发人 (Sender)",
  source_link: "链接",
  colSource: "位置",
  colValue: "内容",
  colVerdict: "结论",
  worstLookalike: "这封邮件至少有一处在模仿我们：请将其视为钓鱼邮件。",
  worstNotOurs: "这封邮件使用了不属于我们的地址或链接。",
  worstOfficial: "其中所有地址和链接都属于我们。但发件地址仍可能被伪造：请同时核对邮件页脚中的验证码。",
});

type T = ReturnType<typeof messagesFor<keyof typeof messages.en>>;

export function renderChannelVerdict(lang: PortalLanguage, check: ChannelCheck, channel: OfficialChannel | null): SafeHtml {
  const t = messagesFor(messages, lang);
  const zh = lang === "zh-CN";
  const channelName = channel ? `${zh ? channel.label.zh || channel.label.en : channel.label.en || channel.label.zh} (${channel.value})` : null;
  const differs = check.display.ascii !== check.display.unicode;
  return html`<section class="verdict ${check.verdict}" data-verdict="${check.verdict}" aria-live="polite">
<h2>${t(check.verdict)}</h2>
<p>${t("checked")} <code class="checked-value">${check.display.unicode}</code></p>
${differs ? html`<p>${t("registeredAs", { ascii: check.display.ascii, unicode: check.display.unicode })}</p>` : ""}
${check.verdict === "official"
    ? html`<p>${channelName ? t("officialIs", { channel: channelName }) : t("officialDomain", { matched: check.matched ?? "" })}</p>`
    : check.verdict === "lookalike"
      ? html`<p>${check.resembles ? t("lookalikeIs", { resembles: check.resembles }) : t("lookalikeGeneric")}</p><p><strong>${t("lookalikeAdvice")}</strong></p>`
      : html`<p>${t("notOursIs")}</p><p>${t("notOursAdvice")} <a href="/contact">/contact</a></p>`}
${renderReasons(t, check)}
</section>`;
}

export function renderHeaderVerdicts(lang: PortalLanguage, result: HeaderCheck): SafeHtml {
  const t = messagesFor(messages, lang);
  if (result.items.length === 0 || result.worst === null) return html`<section class="verdict not_ours" data-verdict="none"><h2>${t("headersTitle")}</h2><p>${t("headersNone")}</p></section>`;
  const summary = result.worst === "lookalike" ? t("worstLookalike") : result.worst === "not_ours" ? t("worstNotOurs") : t("worstOfficial");
  return html`<section class="verdict ${result.worst}" data-verdict="${result.worst}" aria-live="polite">
<h2>${t("headersTitle")}: ${t(result.worst)}</h2>
<p>${summary}</p>
<table class="header-checks">
<thead><tr><th scope="col">${t("colSource")}</th><th scope="col">${t("colValue")}</th><th scope="col">${t("colVerdict")}</th></tr></thead>
<tbody>${result.items.map((item) => html`<tr data-verdict="${item.check.verdict}">
<td>${t(`source_${item.source}`)}</td>
<td><code>${item.check.display.unicode}</code>${item.check.display.ascii !== item.check.display.unicode ? html`<br><span class="muted code">${item.check.display.ascii}</span>` : ""}</td>
<td><strong>${t(item.check.verdict)}</strong>${renderReasons(t, item.check)}</td>
</tr>`)}</tbody>
</table>
</section>`;
}

function renderReasons(t: T, check: ChannelCheck): SafeHtml {
  if (check.reasons.length === 0) return html``;
  return html`<p class="reasons-title">${t("reasons")}</p><ul class="reasons">${check.reasons.map((r) => html`<li data-reason="${r.code}">${reasonText(t, r, check)}</li>`)}</ul>`;
}

function reasonText(t: T, reason: Reason, check: ChannelCheck): string {
  return t(`r_${reason.code}`, { resembles: check.resembles ?? check.matched ?? "", unicode: check.display.unicode, ascii: check.display.ascii });
}
