// Mail about an agent's own account (password reset, invitation, security changes). Not tied to a ticket.
import type { Ctx } from "../../context.ts";
import { queueDeskMail } from "../../outbound/desk-mail.ts";

/** What changed on the account: the owner is told, so a change they did not make does not go unnoticed. */
export type SecurityChange = "password_changed" | "password_reset" | "totp_enabled" | "totp_replaced";

type AccountMail =
  | { kind: "password_reset"; to: string; language: string; name: string; url: string; minutes: number }
  | { kind: "invitation"; to: string; language: string; name: string; url: string; days: number; invitedBy: string }
  | { kind: "security_change"; to: string; language: string; name: string; change: SecurityChange; at: string };

const changeWords: Record<SecurityChange, { en: string; zh: string }> = {
  password_changed: { en: "Your password was changed", zh: "您的密码已更改" },
  password_reset: { en: "Your password was reset with a link sent to this address", zh: "您的密码已通过发送到本邮箱的链接重置" },
  totp_enabled: { en: "Two-factor sign-in was turned on", zh: "已开启两步验证登录" },
  totp_replaced: { en: "Two-factor sign-in was set up again with a new authenticator; the old one and the old recovery codes no longer work", zh: "两步验证已改用新的验证器重新设置；原验证器和原恢复码已失效" },
};

function render(mail: AccountMail, company: string): { subject: string; text: string } {
  const zh = mail.language === "zh-CN";
  if (mail.kind === "security_change") {
    const words = changeWords[mail.change];
    const when = `${mail.at.slice(0, 16).replace("T", " ")} UTC`;
    return zh
      ? { subject: `${company} 客服台：账户安全变更`, text: `${mail.name}，您好：\n\n${words.zh}（${when}）。\n\n如果这不是您本人的操作，请立即联系管理员。\n` }
      : { subject: `${company} support desk: a security change on your account`, text: `Hello ${mail.name},\n\n${words.en} (${when}).\n\nIf this was not you, tell an administrator at once.\n` };
  }
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

/** Tells the account's owner about a change to how they sign in. */
export async function notifySecurityChange(ctx: Ctx, agent: { email: string; language: string; name: string }, change: SecurityChange): Promise<void> {
  await queueAccountMail(ctx, { kind: "security_change", to: agent.email, language: agent.language, name: agent.name, change, at: ctx.clock.now().toISOString() });
}
