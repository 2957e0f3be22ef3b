// The mail that asks a first-time sender to confirm a contact-form request. Anyone can type anyone's address
// into the form, so it carries none of the request's text (no subject, no name): only our words and the link.
import type { Ctx } from "../../context.ts";
import type { PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { domainOf, type Mailbox } from "../../modules/mailboxes/mailbox.ts";
import { newSignedMessageId } from "../../modules/tickets/ticket-tokens.ts";
import { queueOutboundMail } from "../../outbound/queue.ts";

const CONFIRM_PURPOSE = "contact-confirm";

export function confirmationSignature(ctx: Ctx, inboundId: string): string {
  return ctx.services.signer.sign(CONFIRM_PURPOSE, inboundId);
}

export function isConfirmationSignature(ctx: Ctx, inboundId: string, signature: string): boolean {
  return /^[a-z2-7]{16}$/i.test(signature) && ctx.services.signer.verify(CONFIRM_PURPOSE, inboundId, signature);
}

export function confirmationLink(ctx: Ctx, inboundId: string): string {
  const base = ctx.services.config.publicUrl.replace(/\/$/, "");
  return `${base}/contact/confirm?r=${encodeURIComponent(inboundId)}&s=${confirmationSignature(ctx, inboundId)}`;
}

function confirmationText(lang: PortalLanguage, facts: { company: string; link: string; hours: number }): { subject: string; text: string } {
  if (lang === "zh-CN") {
    return {
      subject: `请确认您提交给 ${facts.company} 的请求`,
      text: [
        "您好：", "",
        `有人使用本邮箱地址，通过 ${facts.company} 帮助中心的联系表单提交了一个请求。`,
        "如果是您本人提交的，请打开以下链接确认，确认后您的请求才会转交给客服团队：", "",
        facts.link, "",
        `如果不是您提交的，请忽略本邮件：该请求将在 ${facts.hours} 小时后作废。`, "",
        `请注意：${facts.company} 绝不会向您索要密码、完整银行卡号、CVV 安全码或短信验证码。`, "",
        `${facts.company} 客服团队`,
      ].join("\n"),
    };
  }
  return {
    subject: `Please confirm your request to ${facts.company}`,
    text: [
      "Hello,", "",
      `A request was sent with the contact form of the ${facts.company} help centre, giving this e-mail address.`,
      "If it was you, please confirm it by opening this link. Only then does it reach our support team:", "",
      facts.link, "",
      `If it was not you, ignore this e-mail: the request is discarded after ${facts.hours} hours.`, "",
      `Please note: ${facts.company} will never ask for your password, full card number, CVV or SMS code.`, "",
      `${facts.company} Support`,
    ].join("\n"),
  };
}

/** Queues the confirmation mail in the caller's transaction (the one that stores the held request). */
export async function queueConfirmationMail(ctx: Ctx, input: { inboundId: string; to: string; mailbox: Mailbox; language: PortalLanguage }): Promise<void> {
  const { config, signer } = ctx.services;
  const { subject, text } = confirmationText(input.language, { company: config.companyName, link: confirmationLink(ctx, input.inboundId), hours: config.webForm.confirmHours });
  await queueOutboundMail(ctx, {
    kind: "notification",
    ticketId: null,
    messageRowId: null,
    mail: {
      from: { name: input.mailbox.name, address: input.mailbox.address },
      to: input.to,
      subject,
      text,
      messageId: newSignedMessageId(signer, null, domainOf(input.mailbox.address)),
      autoSubmitted: "auto-generated",
    },
  });
}
