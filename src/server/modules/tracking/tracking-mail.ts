// Mails of the tracking module, in the customer's language: the magic link and the data-rights confirmation.
export type MailLanguage = "en" | "zh-CN";

export type LinkMailFacts = { language: MailLanguage; ticketRef: string; url: string; days: number; companyName: string };

export function linkMailSubject(f: LinkMailFacts): string {
  return f.language === "zh-CN" ? `查看您的请求进度 [#${f.ticketRef}]` : `Your link to follow your request [#${f.ticketRef}]`;
}

export function linkMailText(f: LinkMailFacts): string {
  if (f.language === "zh-CN") {
    return [
      "您好：", "",
      `有人在${f.companyName}帮助中心请求查看工单 ${f.ticketRef} 的进度。打开以下链接即可查看和回复：`,
      f.url, "",
      `此链接仅适用于该工单，${f.days} 天后失效。请勿转发给他人。`,
      "如果这不是您本人的操作，可以忽略本邮件。", "",
      `${f.companyName}绝不会向您索要密码、完整银行卡号、CVV 安全码或短信验证码。`, "",
      `${f.companyName} 客服团队`,
    ].join("\n");
  }
  return [
    "Hello,", "",
    `Someone asked the ${f.companyName} help centre for a link to follow request ${f.ticketRef}. Open it to see progress and reply:`,
    f.url, "",
    `The link works for this request only and expires in ${f.days} days. Please do not forward it.`,
    "If this was not you, you can ignore this e-mail.", "",
    `${f.companyName} will never ask for your password, full card number, CVV or SMS code.`, "",
    `${f.companyName} Support`,
  ].join("\n");
}

export type PrivacyMailFacts = {
  language: MailLanguage; kind: "export" | "deletion"; address: string; url: string; hours: number; companyName: string;
};

export function privacyMailSubject(f: PrivacyMailFacts): string {
  if (f.language === "zh-CN") return f.kind === "export" ? "请确认您的个人数据导出请求" : "请确认您的个人数据删除请求";
  return f.kind === "export" ? "Please confirm your request for a copy of your data" : "Please confirm your request to delete your data";
}

export function privacyMailText(f: PrivacyMailFacts): string {
  if (f.language === "zh-CN") {
    const what = f.kind === "export" ? "导出" : "删除";
    return [
      "您好：", "",
      `我们收到了${what}与 ${f.address} 相关的个人数据的请求。请打开以下链接确认：`,
      f.url, "",
      `链接在 ${f.hours} 小时内有效。确认后，我们的隐私团队会处理您的请求并通过邮件与您联系。`,
      "如果这不是您本人的操作，请忽略本邮件，我们不会做任何处理。", "",
      `${f.companyName} 客服团队`,
    ].join("\n");
  }
  const what = f.kind === "export" ? "a copy of the personal data" : "deletion of the personal data";
  return [
    "Hello,", "",
    `We received a request for ${what} we hold about ${f.address}. Please confirm it here:`,
    f.url, "",
    `The link works for ${f.hours} hours. Once you confirm, our privacy team handles the request and writes to you.`,
    "If this was not you, ignore this e-mail and nothing will happen.", "",
    `${f.companyName} Support`,
  ].join("\n");
}
