// A second parse for the rare message whose text came out with replacement characters: its text parts
// without a charset (or labelled us-ascii / utf-8) are handed to our decoder, which mailparser skips
// for those labels. Ordinary mail never gets here, so it pays nothing.
import { MailParser } from "mailparser";
import { charsetDecoder, type CharsetLog } from "./charset-stream.ts";
import { isPassThroughLabel, unlabelledMark } from "./unlabelled-text.ts";

/** The parts of mailparser's internal tree node this relies on. */
type TreeNode = { contentType?: string; disposition?: string; isAttachment?: boolean; charset?: string };

class RelabellingParser extends MailParser {
  // createNode is internal to mailparser: it builds the node whose `charset` decides the decoding.
  createNode(data: unknown): TreeNode {
    const node = (MailParser.prototype as unknown as { createNode(d: unknown): TreeNode }).createNode.call(this, data);
    const kind = node.contentType === "text/html" ? "html" : node.contentType === "text/plain" ? "text" : null;
    if (kind && !node.isAttachment && isPassThroughLabel(node.charset)) node.charset = unlabelledMark(kind);
    return node;
  }
}

type Text = { text?: string; html?: string };

/** Text and HTML of the message, its unlabelled parts decoded by our rules. Attachments are skipped. */
export function reparseUnlabelled(raw: Buffer, options: object, log: CharsetLog): Promise<Text> {
  log.fallback = log.declared[0];
  const parser = new RelabellingParser({ ...options, Iconv: charsetDecoder(log) } as ConstructorParameters<typeof MailParser>[0]);
  return new Promise((resolve, reject) => {
    const out: Text = {};
    parser.on("error", reject);
    parser.on("data", (data: { type: string; text?: unknown; html?: unknown; content?: NodeJS.ReadableStream; release?: (() => void) | null }) => {
      if (data.type === "text") {
        if (typeof data.text === "string") out.text = data.text;
        if (typeof data.html === "string") out.html = data.html;
      } else if (data.type === "attachment") {
        // The first parse has the attachments; drain these so the parser moves on.
        data.content?.resume();
        data.release?.();
      }
    });
    parser.on("end", () => resolve(out));
    parser.end(raw);
  });
}
