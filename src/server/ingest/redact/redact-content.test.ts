// Every readable part of a message is redacted, decoding's warnings included: they name files.
import assert from "node:assert/strict";
import { it } from "node:test";
import { redactReadableParts } from "./redact-content.ts";

it("redacts a card number in a warning that names the file it was in", () => {
  const { parts, redactions } = redactReadableParts({
    subject: "statement", text: "see attached", quoted: "", signature: "", html: null,
    filenames: ["card 4111111111111111.pdf"],
    warnings: ["attachment card 4111111111111111.pdf is 30000000 bytes, over the limit: kept only in the original message"],
  });
  assert.doesNotMatch(parts.warnings[0]!, /4111111111111111/);
  assert.match(parts.warnings[0]!, /1111\.pdf is 30000000 bytes, over the limit/);
  assert.doesNotMatch(parts.filenames[0]!, /4111111111111111/);
  assert.ok(redactions.length >= 2);
});
