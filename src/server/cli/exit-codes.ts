// Exit statuses of the `paydesk` command, from sysexits.h: what MTAs (Postfix, Exim) and scripts act on.
export const EXIT = {
  ok: 0,
  /** The command ran and found something no retry fixes (a message refused for good, a problem for a human). */
  failure: 1,
  /** EX_USAGE: unknown command, missing or unknown arguments. */
  usage: 64,
} as const;
