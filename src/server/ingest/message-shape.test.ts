// What counts as a mail message at the CLI pipe: every real message, and not what no mail program writes.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { corpusPath } from "../test/corpora.ts";
import { whyNotAMailMessage } from "./message-shape.ts";

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

describe("whether the input is a mail message", () => {
  it("takes every message of our fixtures and of the shared MIME corpora", (t) => {
    const files = filesUnder(fileURLToPath(new URL("../../../test/fixtures/mail/", import.meta.url))).filter((f) => f.endsWith(".eml"));
    const corpora = corpusPath("mime");
    if (corpora) files.push(...filesUnder(corpora));
    else t.diagnostic("shared corpora not found: fixtures only");
    assert.ok(files.length > (corpora ? 200 : 10));
    for (const file of files) assert.equal(whyNotAMailMessage(readFileSync(file)), null, file);
  });

  it("takes headers with CRLF or LF, an mbox From line, a byte-order mark, and a header section alone", () => {
    for (const text of [
      "From: a@example.net\r\nSubject: hi\r\n\r\nbody\r\n",
      "Received: from x\n\tby y\nFrom: a@example.net\n\nbody\n",
      "From a@example.net  Wed Jul  3 12:07:01 2002\nReturn-Path: <a@example.net>\n\nbody\n",
      "From a@example.net  Wed Jul  3 12:07:01 2002\r\nFrom: a@example.net\r\n\r\n",
      "\ufeffSubject: saved by a Windows tool\r\n\r\n",
      "Subject : obsolete blank before the colon\n\n",
      "X-Only-Header: yes",
    ]) assert.equal(whyNotAMailMessage(Buffer.from(text)), null, JSON.stringify(text));
  });

  it("refuses empty input and input with no header section", () => {
    assert.match(whyNotAMailMessage(Buffer.alloc(0)) ?? "", /empty/);
    for (const text of ["hello\n", "hello world: not a field name\n", "\n\nhello", " Folded: but nothing to fold onto\n", "From a@example.net  Mon Jan  1 00:00:00 2024\n", "PK\x03\x04\x14\x00"]) {
      assert.match(whyNotAMailMessage(Buffer.from(text, "latin1")) ?? "", /does not begin with a header section/, JSON.stringify(text));
    }
  });
});
