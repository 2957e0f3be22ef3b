// An attachment's name as the sender wrote it is a label, never a path: agents save files under it, the
// evidence export and reply uploads carry it on. Like a mail client, keep the last path segment only
// (`../../etc/passwd` is `passwd`), without control characters (NUL) and never a bare `.` or `..`.
const MAX_NAME = 255;

export function safeAttachmentName(name: string | undefined, fallback: string): string {
  const segments = [...(name ?? "")].filter((c) => c >= " " && c !== "\u007f").join("").split(/[/\\]/).map((s) => s.trim());
  const last = segments.reverse().find((s) => s.replace(/\./g, "") !== "") ?? "";
  if (!last) return fallback;
  if (last.length <= MAX_NAME) return last;
  // Cut a long name in its middle, so the type it shows (`.pdf`) stays.
  const ext = /\.[^.]{1,16}$/.exec(last)?.[0] ?? "";
  return last.slice(0, MAX_NAME - ext.length) + ext;
}
