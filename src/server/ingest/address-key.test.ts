// The mailbox key per-address limits count by.
import assert from "node:assert/strict";
import { it } from "node:test";
import { addressKey } from "./address-key.ts";

it("folds case, +tags and Gmail's dots into one key per mailbox", () => {
  assert.equal(addressKey(" Li.Wei+refund@Example.NET "), "li.wei@example.net");
  assert.equal(addressKey("l.i.w.e.i+1@googlemail.com"), "liwei@gmail.com");
  assert.equal(addressKey("LiWei@GMAIL.com"), "liwei@gmail.com");
});

it("keeps what tells mailboxes apart", () => {
  // Dots matter outside Gmail; a leading + is the whole local part, not a tag.
  assert.notEqual(addressKey("li.wei@example.net"), addressKey("liwei@example.net"));
  assert.equal(addressKey("+123@example.net"), "+123@example.net");
  assert.notEqual(addressKey("li@example.net"), addressKey("li@example.org"));
  assert.equal(addressKey("not-an-address"), "not-an-address");
});
