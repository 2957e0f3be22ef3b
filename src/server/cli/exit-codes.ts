// Exit statuses of the `paydesk` command, from sysexits.h: what MTAs (Postfix, Exim) and scripts act on.
// Postfix defers a message only on 75 (and 71) and bounces it on every other failure, so `paydesk ingest`
// answers 75 for anything that may pass by itself or once an operator fixes it.
export const EXIT = {
  ok: 0,
  /** The command ran and found something no retry fixes (a message refused for good, a problem for a human). */
  failure: 1,
  /** EX_USAGE: unknown command, missing or unknown arguments. */
  usage: 64,
  /** EX_DATAERR: the input is not a mail message. */
  dataErr: 65,
  /** EX_TEMPFAIL: not done now, try again later (the database unreachable, the relay deferring). */
  tempFail: 75,
  /** EX_CONFIG: a setting the command needs is missing. */
  config: 78,
} as const;
