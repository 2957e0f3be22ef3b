// Mail about an agent's own account (password reset, invitation). Not tied to a ticket.
import type { Ctx } from "../../context.ts";
import { queueDeskMail } from "../../outbound/desk-mail.ts";

type AccountMail =
  | { kind: "password_reset"; to: string; language: string; name: string; url: string; minutes: number }
  | { kind: "invitation"; to: string; language: string; name: string; url: string; days: number; invitedBy: string };

function render(mail: AccountMail, company: string): { subject: string; text: string } {
  const zh = mail.language === "zh-CN";
  if (mail.kind === "password_reset") {
    return zh
      ? { subject: `${company} 客服台：重置密码`, text: `${mail.name}，您好：\n\n请在 ${mail.minutes} 分钟内打开以下链接设置新密码（链接只能使用一次）：\n\n${mail.url}\n\n如果不是您本人申请，请忽略此邮件，您的密码不会改变。\n` }
      : { subject: `${company} support desk: reset your password`, text: `Hello ${mail.name},\n\nOpen this link within ${mail.minutes} minutes to choose a new password (it works once):\n\n${mail.url}\n\nIf you did not ask for this, ignore this mail; your password stays as it is.\n` };
  }
  return zh
    ? { subject: `${company} 客服台：邀请您加入`, text: `${mail.name}，您好：\n\n${mail.invitedBy} 邀请您使用 ${company} 客服台。请在 ${mail.days} 天内打开以下链接设置密码：\n\n${mail.url}\n` }
    : { subject: `${company} support desk: you are invited`, text: `Hello ${mail.name},\n\n${mail.invitedBy} invited you to the ${company} support desk. Open this link within ${mail.days} days to choose your password:\n\n${mail.url}\n` };
}

export async function queueAccountMail(ctx: Ctx, mail: AccountMail): Promise<void> {
  const { subject, text } = render(mail, ctx.services.config.companyName);
  await queueDeskMail(ctx, { to: mail.to, subject, text, tag: "account" });
  ctx.services.wakeWorker();
}

/** A console link: `${publicUrl}/console/#/<route>?token=…`. */
export function consoleLink(ctx: Ctx, route: string, token: string): string {
  return `${ctx.services.config.publicUrl.replace(/\/+$/, "")}/console/#/${route}?token=${encodeURIComponent(token)}`;
}
