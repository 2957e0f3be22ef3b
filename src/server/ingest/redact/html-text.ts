// The readable text of an HTML document, as the secret rules see it, mapped back to the source.
// Tags that break the flow of text become one mark each, whatever white space the markup has around them:
// block tags and <br> end a line ("\n"), so a label at the end of one line still finds its value on the
// next, and a card number wrapped over two lines is still one. Table tags separate cells (U+2029): a label
// and its value may sit in neighbouring cells, but two cells of digits are two numbers.
import type { MappedText } from "./html-decode.ts";

const LINE_BREAK = "\n";
const CELL_BREAK = "\u2029";
const TABLE_TAGS = new Set(["table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup"]);

/** White space that HTML collapses (not NBSP, which is shown). */
function isCollapsible(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

export class HtmlText {
  // pieces joined once at the end (growing one string and reading it back would flatten it again and again)
  private readonly pieces: string[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private atBoundary = true;
  /** pieces[markAt] is the mark of the boundary we are at, -1 at the start */
  private markAt = -1;

  addText(part: MappedText): void {
    let skip = 0;
    if (this.atBoundary) while (skip < part.text.length && isCollapsible(part.text.charCodeAt(skip))) skip++;
    if (skip === part.text.length) return;
    this.pieces.push(skip === 0 ? part.text : part.text.slice(skip));
    for (let k = skip; k < part.from.length; k++) {
      this.from.push(part.from[k]!);
      this.to.push(part.to[k]!);
    }
    this.atBoundary = false;
  }

  /** A tag (lower-case name) that separates the text before it from the text after it. */
  addBoundary(tag: string): void {
    const mark = TABLE_TAGS.has(tag) ? CELL_BREAK : LINE_BREAK;
    if (this.atBoundary) {
      // of several tags in a row ("</td></tr><tr><td>"), a table tag decides
      if (this.markAt >= 0 && mark === CELL_BREAK) this.pieces[this.markAt] = mark;
      return;
    }
    this.trimTrailingSpace();
    this.pieces.push(mark);
    this.from.push(-1);
    this.to.push(-1);
    this.markAt = this.pieces.length - 1;
    this.atBoundary = true;
  }

  /** The text since the last boundary starts with a visible character, so this stops there at the latest. */
  private trimTrailingSpace(): void {
    for (;;) {
      const last = this.pieces[this.pieces.length - 1]!;
      let keep = last.length;
      while (keep > 0 && isCollapsible(last.charCodeAt(keep - 1))) keep--;
      const cut = last.length - keep;
      this.from.length -= cut;
      this.to.length -= cut;
      if (keep > 0) {
        if (cut > 0) this.pieces[this.pieces.length - 1] = last.slice(0, keep);
        return;
      }
      this.pieces.pop();
    }
  }

  finish(): MappedText {
    return { text: this.pieces.join(""), from: this.from, to: this.to };
  }
}
