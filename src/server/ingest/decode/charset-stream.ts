// Lets mailparser decode body parts with our charset rules (mislabelled GB2312/GBK, GB18030 4-byte
// characters, UTF-8 under a CJK label, …). mailparser takes an Iconv-shaped class: new Iconv(from, to).
import { Transform, type TransformCallback } from "node:stream";
import { decodeBytes } from "./charset.ts";

export class CharsetDecoderStream extends Transform {
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
    this.push(Buffer.from(decodeBytes(Buffer.concat(this.chunks), this.charset), "utf8"));
    done();
  }
}
