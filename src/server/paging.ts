// Keyset paging: a cursor is the (time, id) of the last row shown, opaque to clients.
import { AppError } from "./errors.ts";

export type TimeCursor = { at: string; id: string };

export const encodeTimeCursor = (c: TimeCursor): string => Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");

/** undefined when there is none; a cursor that was not made by encodeTimeCursor is a 400. */
export function decodeTimeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (typeof at === "string" && typeof id === "string") return { at, id };
  } catch {
    // falls through to the error below
  }
  throw new AppError("invalid_input", "cursor is not valid");
}
