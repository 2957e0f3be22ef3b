// Public vectors from ../shared/corpora/pii (see its README): PRC resident IDs from jxlwqq/id-validator,
// China UnionPay BINs from hexindai/bcbc, and real customer queries from banking77 as a false-positive check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { corpusPath } from "../../test/corpora.ts";
import { isLuhnValid, luhnCheckDigit } from "../../../common/secrets/luhn.ts";
import { redactText } from "./redact-text.ts";
import { isValidResidentId } from "../../../common/secrets/resident-id.ts";
import { prng } from "../../test/prng.ts";

type IdVector = { id: string; expected: "valid" | "invalid"; mode: string };

function readIdVectors(path: string): IdVector[] {
  const [header, ...lines] = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  assert.deepEqual(header!.split("\t").slice(0, 3), ["id", "expected", "mode"]);
  return lines.map((line) => {
    const [id, expected, mode] = line.split("\t");
    assert.ok(expected === "valid" || expected === "invalid", line);
    return { id: id!, expected, mode: mode! };
  });
}

function residentIdKinds(text: string): string[] {
  return redactText(text).redactions.filter((r) => r.kind === "resident_id").map((r) => r.replacement);
}

test("resident ID vectors: valid ones are masked inside a sentence, invalid ones are not", (t) => {
  const path = corpusPath("pii", "cn-resident-id", "isvalid_vectors.tsv");
  if (!path) return t.skip("corpus not available");
  // Strict mode also checks the address code against the date it was published; we do not (we would need
  // the full code table), so only the default, non-strict expectations apply.
  const vectors = readIdVectors(path).filter((v) => v.mode.startsWith("strictMode=false"));
  assert.ok(vectors.filter((v) => v.expected === "valid").length >= 10);
  assert.ok(vectors.filter((v) => v.expected === "invalid").length >= 5);
  for (const { id, expected } of vectors) {
    const masked = "•".repeat(id.length - 4) + id.slice(-4).toUpperCase();
    const labelled = `您好，我的身份证号码是${id}，请核实。`;
    if (expected === "valid") {
      const r = redactText(labelled);
      assert.equal(r.text, `您好，我的身份证号码是${masked}，请核实。`, id);
      assert.deepEqual(residentIdKinds(labelled), [masked], id);
      // 18-character IDs need no label; 15-digit ones do
      const bare = `请核实 ${id} 谢谢`;
      assert.deepEqual(residentIdKinds(bare), id.length === 18 ? [masked] : [], id);
    } else {
      // An invalid ID may still be something else (a Luhn-valid 18-digit number is a card), so only the
      // resident-ID rule is checked.
      assert.deepEqual(residentIdKinds(labelled), [], id);
      assert.deepEqual(residentIdKinds(`ID ${id}.`), [], id);
    }
  }
});

test("resident ID vectors from getInfo and 15-to-18 upgrade tests are all masked", (t) => {
  const info = corpusPath("pii", "cn-resident-id", "getinfo_vectors.json");
  const upgrade = corpusPath("pii", "cn-resident-id", "upgrade15to18_vectors.json");
  if (!info || !upgrade) return t.skip("corpus not available");
  const ids = [
    ...(JSON.parse(readFileSync(info, "utf8")) as { id: string }[]).map((v) => v.id),
    ...(JSON.parse(readFileSync(upgrade, "utf8")) as { id15: string; id18: string }[]).flatMap((v) => [v.id15, v.id18]),
  ];
  assert.ok(ids.length >= 10);
  for (const id of ids) {
    const r = redactText(`身份证：${id}`);
    assert.equal(r.text, `身份证：${"•".repeat(id.length - 4)}${id.slice(-4).toUpperCase()}`, id);
    assert.equal(r.redactions[0]?.kind, "resident_id", id);
  }
});


function groupsOf4(n: string, sep: string): string {
  const groups = n.match(/.{1,4}/g)!;
  return groups.join(sep);
}

function fullWidth(s: string): string {
  return s.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)));
}

test("every UnionPay BIN: a Luhn-valid number of the listed length is redacted, a Luhn-invalid one is not", (t) => {
  const path = corpusPath("pii", "cn-bankcard-bin", "bin.csv");
  if (!path) return t.skip("corpus not available");
  const [header, ...rows] = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  assert.equal(header, "bin,bank,type,length");
  assert.ok(rows.length > 1000);
  const rand = prng(62);
  const layouts = [
    (n: string) => `我的卡号是${n}，谢谢`,
    (n: string) => `card number: ${groupsOf4(n, " ")}.`,
    (n: string) => `卡号 ${groupsOf4(n, "-")}`,
    (n: string) => `卡号：${fullWidth(n)}。`,
    (n: string) => `卡号：${groupsOf4(fullWidth(n), "\u3000")}`,
  ];
  let checked = 0;
  for (const [i, row] of rows.entries()) {
    const [bin, , , lengthText] = row.split(",");
    const length = Number(lengthText);
    assert.ok(/^[0-9]+$/.test(bin!) && length >= 12 && length <= 19, row);
    let number: string;
    do {
      let payload = bin!;
      while (payload.length < length - 1) payload += String(Math.floor(rand() * 10));
      number = payload + luhnCheckDigit(payload);
    } while (isValidResidentId(number)); // such a number is reported as an ID, tested elsewhere
    const layout = layouts[i % layouts.length]!;
    const r = redactText(layout(number));
    const cards = r.redactions.filter((x) => x.kind === "card_number");
    // Written as 4-4-4-4-3, a 19-digit Visa number whose first 16 digits also pass Luhn reads as card + CVV.
    const readAsCardPlusCvv =
      length === 19 && /^[245]/.test(number) && layout !== layouts[0] && layout !== layouts[3] && isLuhnValid(number.slice(0, 16));
    const expected = `•••• ${(readAsCardPlusCvv ? number.slice(0, 16) : number).slice(-4)}`;
    assert.deepEqual(cards, [{ kind: "card_number", replacement: expected }], `${row}: ${layout(number)} -> ${r.text}`);
    assert.equal(r.text.replace(/[^0-9０-９]/g, ""), expected.replace(/[^0-9]/g, ""), `${row}: only the last four remain`);

    // With the check digit changed, the number written as one digit run is no card. (Written in groups,
    // its first 16 digits may still pass Luhn and read as a card followed by a CVV.)
    const broken = number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10);
    for (const unbroken of [layouts[0]!, layouts[3]!]) {
      const rb = redactText(unbroken(broken));
      assert.deepEqual(rb.redactions.filter((x) => x.kind === "card_number"), [], `${row}: ${unbroken(broken)}`);
    }
    checked++;
  }
  assert.equal(checked, rows.length);
});

/** The text column of a two-column CSV with quoted fields. */
function csvFirstColumn(csv: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let field = "";
    if (csv[i] === '"') {
      i++;
      for (;;) {
        const q = csv.indexOf('"', i);
        if (q === -1) throw new Error("unterminated quote");
        field += csv.slice(i, q);
        if (csv[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const comma = csv.indexOf(",", i);
      field = csv.slice(i, comma);
      i = comma;
    }
    out.push(field);
    const eol = csv.indexOf("\n", i);
    i = eol === -1 ? csv.length : eol + 1;
  }
  return out;
}

test("banking77 customer queries (no secrets in them) come out unchanged", (t) => {
  const path = corpusPath("intent", "banking77", "train.csv");
  if (!path) return t.skip("corpus not available");
  const [header, ...queries] = csvFirstColumn(readFileSync(path, "utf8"));
  assert.equal(header, "text");
  assert.equal(queries.length, 10003);
  const changed = queries.filter((q) => redactText(q).redactions.length > 0);
  // includes "My PIN was entered wrong", "My passcode was denied.", "It's 2018 not 1818."
  assert.deepEqual(changed, []);
});
