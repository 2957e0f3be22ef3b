// Files the virus scan kept off a ticket, as their message records them (`auth_json.heldBack`, written by
// ingest/commit.ts): what, why, where to find them again in the original, and whether an admin released one.
export type HeldBackEntry = {
  /** The file's place among the message's decoded attachments (what a release names it by). */
  index: number;
  filename: string;
  contentType: string;
  size: number;
  reason: "malware" | "unscannable";
  /** The signature found, or why it could not be checked. */
  detail: string;
  sha256: string;
  released?: { by: string | null; at: string; reason: string; attachmentId: string };
};

export function heldBackOf(authJson: string): HeldBackEntry[] {
  return (JSON.parse(authJson) as { heldBack?: HeldBackEntry[] }).heldBack ?? [];
}
