// Sortable, app-generated ids (UUIDv7): time-ordered, so indexes stay append-mostly.
import { randomBytes } from "node:crypto";

let lastMs = 0;
let seq = 0;

export function newId(now = Date.now()): string {
  // A 12-bit counter keeps ids from one process ordered within one millisecond.
  if (now === lastMs) seq = (seq + 1) & 0xfff;
  else {
    lastMs = now;
    seq = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
