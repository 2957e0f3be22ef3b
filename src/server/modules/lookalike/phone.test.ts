import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPhone, isNearPhone, isSamePhone, looksLikePhone, parsePhone } from "./phone.ts";

const p = (text: string) => {
  const phone = parsePhone(text);
  assert.ok(phone, text);
  return phone;
};

test("normalises country codes, separators and full-width digits", () => {
  assert.deepEqual(p("+86 400-820-8888"), { countryCode: "86", national: "4008208888" });
  assert.deepEqual(p("0086 400 820 8888"), { countryCode: "86", national: "4008208888" });
  assert.deepEqual(p("＋８６ ４００－８２０－８８８８"), { countryCode: "86", national: "4008208888" });
  assert.deepEqual(p("(+86) 400.820.8888"), { countryCode: "86", national: "4008208888" });
  assert.deepEqual(p("+852 2345 6789"), { countryCode: "852", national: "23456789" });
  assert.deepEqual(p("+44 (0)20 7946 0000"), { countryCode: "44", national: "2079460000" });
  assert.deepEqual(p("010-8888 6666"), { countryCode: null, national: "1088886666" });
  assert.deepEqual(p("95188"), { countryCode: null, national: "95188" });
  assert.equal(formatPhone(p("+86 400-820-8888")), "+86 4008208888");
});

test("is not fooled by addresses or short numbers", () => {
  assert.equal(looksLikePhone("203.0.113.5"), false);
  assert.equal(looksLikePhone("1234"), false);
  assert.equal(looksLikePhone("okpay.com"), false);
  assert.equal(looksLikePhone("400-820-8888 ext"), false);
  assert.equal(parsePhone("12"), null);
});

test("the same line written differently is the same number", () => {
  const official = p("+86 400-820-8888");
  for (const typed of ["4008208888", "400 820 8888", "+86 4008208888", "86 400 820 8888", "0086-400-820-8888"]) {
    assert.equal(isSamePhone(p(typed), official), true, typed);
  }
  assert.equal(isSamePhone(p("010 8888 6666"), p("+86 10 8888 6666")), true);
  assert.equal(isSamePhone(p("+852 4008208888"), official), false);
});

test("one digit off, two swapped, or another country code is near", () => {
  const official = p("+86 400-820-8888");
  for (const typed of ["400-820-8889", "400-820-888", "400-802-8888", "40082088888", "+852 400 820 8888"]) {
    assert.equal(isNearPhone(p(typed), official), true, typed);
  }
  for (const typed of ["400-820-8888", "400-111-2222", "+852 400 820 8899", "95188"]) {
    assert.equal(isNearPhone(p(typed), official), false, typed);
  }
});
