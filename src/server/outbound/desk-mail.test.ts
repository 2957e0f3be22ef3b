import assert from "node:assert/strict";
import { it } from "node:test";
import { deskSenderName } from "./desk-mail.ts";

it("names the desk after the company, without saying PayDesk twice", () => {
  assert.equal(deskSenderName("OKPay"), "OKPay PayDesk");
  assert.equal(deskSenderName("PayDesk"), "PayDesk");
  assert.equal(deskSenderName("OKPay PayDesk"), "OKPay PayDesk");
  assert.equal(deskSenderName("欧克支付"), "欧克支付 PayDesk");
});
