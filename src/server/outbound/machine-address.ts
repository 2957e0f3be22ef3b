// Addresses no person reads: acknowledging them only feeds loops and bounces. Senders spell them many
// ways (no_reply, drive-shares-noreply, alerts.noreply, noreply1, do-not-reply, mailer_daemon), so the
// local part is folded (case, `.` and `_` as `-`) and the marker may stand anywhere as a whole word.
const MACHINE_WORD = /(^|-)(no-?reply|do-?not-?reply|dont-?reply|auto-?reply|no-?response)\d*(-|$)/;
const MACHINE_MAILBOX = /^(mailer-?daemon|postmaster|bounces?|notifications?)\d*(-|$)/;

export function isMachineAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const local = address.slice(0, at).toLowerCase().replace(/[._+]/g, "-");
  return MACHINE_WORD.test(local) || MACHINE_MAILBOX.test(local);
}
