// ISO-2022-JP (RFC 1468, with the common ISO-2022-JP-1/-2 extensions) decoder.
// iconv-lite has no stateful ISO-2022 codecs, so the 7-bit shifted text is rewritten into the
// matching 8-bit encoding (JIS X 0208/0212 -> EUC-JP, GB 2312 -> GB18030, KS C 5601 -> CP949)
// and each run is decoded with iconv-lite. Never throws; unknown escapes are dropped.
import iconv from "iconv-lite";

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

type Mode =
  | "ascii" // ESC ( B, ESC ( J (JIS-Roman, treated as ASCII)
  | "katakana" // ESC ( I, or SO: half-width katakana, one byte each
  | "jis0208" // ESC $ @, ESC $ B
  | "jis0212" // ESC $ ( D
  | "gb2312" // ESC $ A (ISO-2022-JP-2)
  | "ksc5601"; // ESC $ ( C (ISO-2022-JP-2)

/** The 8-bit codec a run in the given mode is rewritten to. */
function codecOf(mode: Mode): string {
  if (mode === "gb2312") return "gb18030";
  if (mode === "ksc5601") return "cp949";
  return "euc-jp";
}

/**
 * Reads an escape sequence at `i` (which holds ESC). Returns the new mode (null: unchanged) and
 * the sequence length, or null when the sequence is not one we know (then only ESC is skipped).
 */
function readEscape(bytes: Uint8Array, i: number): { mode: Mode | null; length: number } | null {
  const b1 = bytes[i + 1];
  const b2 = bytes[i + 2];
  const b3 = bytes[i + 3];
  if (b1 === 0x28) {
    // ESC ( x
    if (b2 === 0x42 || b2 === 0x4a) return { mode: "ascii", length: 3 };
    if (b2 === 0x49) return { mode: "katakana", length: 3 };
    return null;
  }
  if (b1 === 0x24) {
    // ESC $ x
    if (b2 === 0x40 || b2 === 0x42) return { mode: "jis0208", length: 3 };
    if (b2 === 0x41) return { mode: "gb2312", length: 3 };
    if (b2 === 0x28) {
      if (b3 === 0x44) return { mode: "jis0212", length: 4 };
      if (b3 === 0x43) return { mode: "ksc5601", length: 4 };
      if (b3 === 0x42 || b3 === 0x40) return { mode: "jis0208", length: 4 };
    }
    return null;
  }
  if (b1 === 0x26 && b2 === 0x40) {
    // ESC & @ announces the JIS X 0208-1990 revision; the ESC $ B that follows does the switch.
    return { mode: null, length: 3 };
  }
  return null;
}

/** Decodes ISO-2022-JP bytes to a string. Bytes with the high bit set become U+FFFD. */
export function decodeIso2022Jp(bytes: Uint8Array): string {
  let out = "";
  let mode: Mode = "ascii";
  let beforeShiftOut: Mode = "ascii";
  // Pending bytes of the current run, in the 8-bit encoding of `runCodec`.
  let run: number[] = [];
  let runCodec = "euc-jp";

  const flush = (): void => {
    if (run.length === 0) return;
    out += iconv.decode(Buffer.from(run), runCodec);
    run = [];
  };
  const push = (codec: string, ...bs: number[]): void => {
    if (codec !== runCodec) {
      flush();
      runCodec = codec;
    }
    for (const b of bs) run.push(b);
  };

  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === ESC) {
      const esc = readEscape(bytes, i);
      if (esc) {
        if (esc.mode) mode = esc.mode;
        i += esc.length;
      } else {
        i += 1;
      }
      continue;
    }
    if (b === SO) {
      if (mode !== "katakana") beforeShiftOut = mode;
      mode = "katakana";
      i += 1;
      continue;
    }
    if (b === SI) {
      if (mode === "katakana") mode = beforeShiftOut;
      i += 1;
      continue;
    }
    if (b >= 0x80) {
      flush();
      out += "\uFFFD";
      i += 1;
      continue;
    }
    // Control characters and space pass through in any mode (broken senders forget to shift
    // back to ASCII before a line break).
    if (b < 0x21 || b === 0x7f || mode === "ascii") {
      push("euc-jp", b);
      i += 1;
      continue;
    }
    if (mode === "katakana") {
      if (b <= 0x5f) push("euc-jp", 0x8e, b | 0x80);
      else push("euc-jp", b);
      i += 1;
      continue;
    }
    // Double-byte modes.
    const b2 = bytes[i + 1];
    if (b2 === undefined || b2 < 0x21 || b2 > 0x7e) {
      flush();
      out += "\uFFFD";
      i += 1;
      continue;
    }
    if (mode === "jis0212") push("euc-jp", 0x8f, b | 0x80, b2 | 0x80);
    else push(codecOf(mode), b | 0x80, b2 | 0x80);
    i += 2;
  }
  flush();
  return out;
}
