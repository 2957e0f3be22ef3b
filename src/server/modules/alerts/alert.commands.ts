// Tells the people who run PayDesk when mail intake needs a human: an IMAP account that stopped (bad
// password, missing folder), a message that could not be processed, one too large to take in, one the
// IMAP server would not hand over, a virus scanner that stopped answering, or a relay that refuses our
// mail for its settings. One row per condition; the admins are mailed when it first happens and then at
// most hourly while it goes on, so a flood stays one mail.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { queueDeskMail } from "../../outbound/desk-mail.ts";

export type AlertKind = "imap.disabled" | "imap.unreadable" | "intake.dead_letter" | "intake.too_large" | "virus_scan.unavailable" | "relay.refused";

export type Alert = {
  key: string;
  kind: AlertKind;
  message: string;
  count: number;
  firstAt: string;
  lastAt: string;
  mailedAt: string | null;
  resolvedAt: string | null;
};

const MAIL_EVERY_MS = 60 * 60_000;

/**
 * Records that the condition `key` (e.g. `imap.disabled:support`) holds now. Mails the admins when it
 * starts (or starts again after being resolved) and then at most hourly. One row per key: the first
 * UPDATE always matches and so locks it on PostgreSQL, and concurrent raisers (or a resolve) wait for
 * this transaction; what follows is decided on the row as locked.
 */
export async function raiseAlert(ctx: Ctx, alert: { kind: AlertKind; key: string; message: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const message = alert.message.slice(0, 2000);
    await tx.db.insertInto("alerts")
      .values({ key: alert.key, kind: alert.kind, message, count: 0, first_at: now, last_at: now, mailed_at: null, resolved_at: null })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const row = await tx.db.updateTable("alerts").set({ last_at: now }).where("key", "=", alert.key)
      .returning(["count", "first_at", "mailed_at", "resolved_at"])
      .executeTakeFirstOrThrow();
    const newEpisode = row.resolved_at !== null;
    const recipients = await activeAdmins(tx);
    const mailDue = recipients.length > 0 && (newEpisode || row.mailed_at === null
      || tx.clock.now().getTime() - new Date(row.mailed_at).getTime() >= MAIL_EVERY_MS);
    const count = newEpisode ? 1 : Number(row.count) + 1;
    await tx.db.updateTable("alerts")
      .set({ kind: alert.kind, message, count, first_at: newEpisode ? now : row.first_at, mailed_at: mailDue ? now : row.mailed_at, resolved_at: null })
      .where("key", "=", alert.key)
      .execute();
    if (mailDue) await mailAdmins(tx, recipients, alert.kind, message, count);
  });
  ctx.services.wakeWorker();
}

/** The condition is over (the account works again, no dead letters are left). True when one was open. */
export async function resolveAlert(ctx: Ctx, key: string): Promise<boolean> {
  const r = await ctx.db.updateTable("alerts").set({ resolved_at: nowIso(ctx) }).where("key", "=", key).where("resolved_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Open alerts, and those resolved within the last week, newest first. */
export async function listAlerts(ctx: Ctx): Promise<Alert[]> {
  const weekAgo = new Date(ctx.clock.now().getTime() - 7 * 24 * 3600_000).toISOString();
  const rows = await ctx.db.selectFrom("alerts").selectAll()
    .where((eb) => eb.or([eb("resolved_at", "is", null), eb("resolved_at", ">=", weekAgo)]))
    .orderBy("last_at", "desc").limit(100).execute();
  return rows.map((r) => ({
    key: r.key, kind: r.kind as AlertKind, message: r.message, count: Number(r.count), firstAt: r.first_at,
    lastAt: r.last_at, mailedAt: r.mailed_at, resolvedAt: r.resolved_at,
  }));
}

function render(kind: AlertKind, message: string, count: number, language: string, company: string, consoleUrl: string) {
  const zh = language === "zh-CN";
  if (kind === "imap.disabled") {
    return zh
      ? { subject: `${company} 客服台：IMAP 邮箱已停止收信`, text: `PayDesk 已停止从一个 IMAP 邮箱收信，需要管理员处理：\n\n${message}\n\n修改该账户的设置（密码、文件夹）后重启 PayDesk，收信会从中断处继续，不会漏信。\n\n状态：${consoleUrl}\n` }
      : { subject: `${company} support desk: an IMAP mailbox stopped taking in mail`, text: `PayDesk stopped reading an IMAP mailbox and needs an administrator:\n\n${message}\n\nCorrect the account's settings (password, folder) and restart PayDesk; intake resumes where it stopped, nothing is missed.\n\nStatus: ${consoleUrl}\n` };
  }
  if (kind === "intake.too_large") {
    return zh
      ? { subject: `${company} 客服台：有邮件超过大小限制，未收取`, text: `一封邮件超过了大小限制，PayDesk 没有收取，它仍在原邮箱文件夹中：\n\n${message}\n\n请在邮箱中直接查看并联系发件人，或调高 smtp.maxMessageBytes 后把它移回收件文件夹。\n\n状态：${consoleUrl}\n` }
      : { subject: `${company} support desk: a message over the size limit was not taken in`, text: `A message is over the size limit, so PayDesk did not take it in; it is still in the mailbox folder:\n\n${message}\n\nRead it in the mailbox and contact the sender, or raise smtp.maxMessageBytes and move it back into the folder.\n\nStatus: ${consoleUrl}\n` };
  }
  if (kind === "imap.unreadable") {
    return zh
      ? { subject: `${company} 客服台：有一封 IMAP 邮件无法读取，已留在文件夹中`, text: `邮件服务器多次未能把一封邮件交给 PayDesk，PayDesk 已把它留在原文件夹中（未收取、未移动），并继续收取其余邮件：\n\n${message}\n\n请在邮箱中（网页邮箱或邮件客户端）直接查看并处理；邮件服务器的日志会说明无法读取的原因。修复后，把它移出该文件夹再移回，它会得到新的 UID，PayDesk 就会收取它。\n\n状态：${consoleUrl}\n` }
      : { subject: `${company} support desk: an IMAP message could not be read and was left in the folder`, text: `The mail server failed to hand a message to PayDesk several times in a row, so PayDesk left it in the folder (not taken in, not moved) and went on with the rest:\n\n${message}\n\nRead it in the mailbox (webmail or a mail client) and deal with it there; the mail server's log says why it could not be read. Once that is fixed, moving it out of the folder and back gives it a new UID and PayDesk takes it in.\n\nStatus: ${consoleUrl}\n` };
  }
  if (kind === "virus_scan.unavailable") {
    return zh
      ? { subject: `${company} 客服台：病毒扫描服务无响应，带附件的邮件在等待`, text: `PayDesk 无法从病毒扫描服务（clamd）得到结果：\n\n${message}\n\n带附件的邮件会等待扫描，不会丢失，也不会未经扫描就保存；在此期间上传文件会被拒绝。请检查 clamd 是否在运行（以及 virusScan.clamd 设置）；恢复后会自动继续处理。\n\n状态：${consoleUrl}\n` }
      : { subject: `${company} support desk: the virus scanner is not answering; mail with attachments waits`, text: `PayDesk gets no verdict from the virus scanner (clamd):\n\n${message}\n\nMail with attachments waits for a scan (nothing is lost, nothing is stored unscanned) and uploads are refused meanwhile. Check that clamd runs (and the virusScan.clamd setting); processing resumes by itself once it answers.\n\nStatus: ${consoleUrl}\n` };
  }
  if (kind === "relay.refused") {
    return zh
      ? { subject: `${company} 客服台：发信中继拒绝了我们的邮件`, text: `发信中继（PAYDESK_RELAY_URL）拒绝了发件地址或拒绝中继，所有外发邮件都会遇到同样的问题：\n\n${message}\n\n请检查中继地址中的用户名和密码，以及中继是否允许从支持邮箱地址发信。邮件仍在队列中，不会丢失；修正后会自动重试，也可以运行 'paydesk outbox deliver' 立即发送。\n\n状态：${consoleUrl}\n` }
      : { subject: `${company} support desk: the mail relay refuses our mail`, text: `The mail relay (PAYDESK_RELAY_URL) refused our sender address or relaying itself, which every outgoing message will meet:\n\n${message}\n\nCheck the user name and password in the relay URL, and that the relay lets the support address send. The mail stays queued, nothing is lost; it is retried on its schedule once that is fixed, or at once with 'paydesk outbox deliver'.\n\nStatus: ${consoleUrl}\n` };
  }
  return zh
    ? { subject: `${company} 客服台：有邮件无法处理（死信）`, text: `有 ${count} 封收到的邮件多次处理失败，已转入死信列表。邮件本身已保存，修复后可重新处理。\n\n最近一封：${message}\n\n死信列表：${consoleUrl}\n` }
    : { subject: `${company} support desk: mail that could not be processed (dead letters)`, text: `${count === 1 ? "A message" : `${count} messages`} failed processing repeatedly and went to the dead-letter list. The mail itself is kept and can be replayed after a fix.\n\nMost recent: ${message}\n\nDead letters: ${consoleUrl}\n` };
}

/** Who is mailed: active admins (none, or no support address to send from: nobody, and the alert waits). */
async function activeAdmins(tx: Ctx): Promise<Array<{ email: string; language: string }>> {
  if (!tx.services.config.mailboxes[0]) return [];
  return tx.db.selectFrom("agents").select(["email", "language"]).where("role", "=", "admin").where("disabled", "=", 0).execute();
}

async function mailAdmins(tx: Ctx, admins: Array<{ email: string; language: string }>, kind: AlertKind, message: string, count: number): Promise<void> {
  const { config } = tx.services;
  const consoleUrl = `${config.publicUrl.replace(/\/+$/, "")}/console/#/admin/mail`;
  for (const admin of admins) {
    const { subject, text } = render(kind, message, count, admin.language, config.companyName, consoleUrl);
    await queueDeskMail(tx, { to: admin.email, subject, text, tag: "alert" });
  }
}
