// Lets mailparser decode body parts with our charset rules (mislabelled GB2312/GBK, GB18030 4-byte
// characters, UTF-8 under a CJK label, …). mailparser takes an Iconv-shaped class: new Iconv(from, to).
import { Transform, type TransformCallback } from "node:stream";
import { decodeBytes } from "./charset.ts";
import { decodeUnlabelled, unlabelledKind } from "./unlabelled-text.ts";

/**
 * What one parse learns about its text parts' charsets: those they declared, and those found for
 * unlabelled parts. Headers sent as raw 8-bit bytes are most likely in the same charset.
 */
export type CharsetLog = { declared: string[]; found: string[]; fallback?: string };

export function newCharsetLog(): CharsetLog {
  return { declared: [], found: [] };
}

/** The charset the message's text is in, when it says or shows it. */
export function messageCharset(log: CharsetLog): string | undefined {
  return log.declared[0] ?? log.found[0];
}

/** An Iconv-shaped class for one parse, recording into `log`. */
export function charsetDecoder(log: CharsetLog) {
  return class CharsetDecoderStream extends Transform {
    private readonly chunks: Buffer[] = [];

    constructor(private readonly charset: string, _to?: string) {
      super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(chunk);
      done();
    }

    override _flush(done: TransformCallback): void {
      // A part is decoded whole: multibyte characters may straddle chunk boundaries.
      const bytes = Buffer.concat(this.chunks);
      const kind = unlabelledKind(this.charset);
      if (kind === null) {
        log.declared.push(this.charset);
        this.push(Buffer.from(decodeBytes(bytes, this.charset), "utf8"));
      } else {
        const guessed = decodeUnlabelled(bytes, kind, log.fallback);
        if (guessed?.charset) log.found.push(guessed.charset);
        this.push(guessed ? Buffer.from(guessed.text, "utf8") : bytes);
      }
      done();
    }
  };
}
