// Shared reading of "<label><connector><value>" phrases: 密码：xxx, 密码是 xxx, password is xxx, pwd=xxx, PIN 1234.
// Every loop here is bounded, so a rule costs at most a few dozen steps per label found.
import { isHorizontalSpaceCode, isLineBreakCode } from "./chars.ts";

const MAX_SPACES = 3;
const MAX_CONNECTORS = 2;

/** Connector words and signs between a label and its value, longest first. */
const CONNECTORS = ["is:", "was:", "is", "was", ":", "：", "=", "＝", "是", "为", "為", "#", "＃"];

/** Connectors that mark a value unmistakably, as in "password: x" or "pwd=x". */
const SIGNS = new Set([":", "：", "=", "＝", "is:", "was:"]);
const EQUALS = new Set(["=", "＝"]);

/** How redacted HTML reads the break between two table cells (see html-text.ts). */
const CELL_BREAK = 0x2029;

function isAsciiLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function skipSpaces(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && p - pos < MAX_SPACES && isHorizontalSpaceCode(text.charCodeAt(p))) p++;
  return p;
}

export type ConnectorScan = {
  /** where the value may begin */
  valueStart: number;
  /** a connector sign or word was present (not just white space) */
  hadConnector: boolean;
  /** one of the connectors was ":" or "=" (or a full-width form) */
  hadSign: boolean;
  /** the last connector was "=" (or "＝"): a key=value pair, whose value ends at "&" or white space */
  equals: boolean;
  /** the value is on the line (or in the table cell) after the label */
  nextLine: boolean;
};

/**
 * After a label that ends its line or table cell, the start of the value on the next one: "Password:\n
 * hunter2", "<td>CVV</td><td>123</td>". Only one break, and for a line break only after ":" or "=" (a line
 * that merely ends with "password", as a heading does, says nothing about the next one); -1 when none.
 */
function valueOnNextLine(text: string, p: number, hadSign: boolean): number {
  const c = text.charCodeAt(p);
  if (!isLineBreakCode(c) || (c !== CELL_BREAK && !hadSign)) return -1;
  const after = c === 0x0d && text.charCodeAt(p + 1) === 0x0a ? p + 2 : p + 1;
  return skipSpaces(text, after);
}

/** Skips white space and up to two connectors after a label that ends at `labelEnd`. */
export function scanConnector(text: string, labelEnd: number): ConnectorScan {
  let p = skipSpaces(text, labelEnd);
  let hadConnector = false;
  let hadSign = false;
  let equals = false;
  for (let k = 0; k < MAX_CONNECTORS; k++) {
    let matched: string | null = null;
    for (const c of CONNECTORS) {
      if (text.length - p < c.length) continue;
      if (text.slice(p, p + c.length).toLowerCase() !== c) continue;
      // an English connector must be a whole word: "is" yes, "isabel" no
      if (isAsciiLetterCode(c.charCodeAt(0))) {
        const next = p + c.length < text.length ? text.charCodeAt(p + c.length) : 0;
        if (isAsciiLetterCode(next)) continue;
        if (c.endsWith(":") === false && !isHorizontalSpaceCode(next) && next !== 0x3a && next !== 0xff1a) continue;
      }
      if (SIGNS.has(c)) hadSign = true;
      equals = EQUALS.has(c);
      matched = c;
      break;
    }
    if (matched === null) break;
    hadConnector = true;
    p = skipSpaces(text, p + matched.length);
  }
  const next = valueOnNextLine(text, p, hadSign);
  return { valueStart: next < 0 ? p : next, hadConnector, hadSign, equals, nextLine: next >= 0 };
}

/** Runs `re` (must have the g flag) over `text` and calls `visit` with each label's [start, end). */
export function forEachLabel(text: string, re: RegExp, visit: (start: number, end: number) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    visit(m.index, m.index + m[0].length);
  }
}
