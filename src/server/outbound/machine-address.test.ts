import assert from "node:assert/strict";
import { it } from "node:test";
import { isMachineAddress } from "./machine-address.ts";

it("knows the ways senders spell an address no one reads", () => {
  for (const address of [
    "noreply@example.com", "no-reply@example.com", "NoReply@Example.com", "no_reply@email.apple.com", "no.reply@bank.example",
    "do_not_reply@example.com", "donotreply@example.com", "do-not-reply@example.com", "dont-reply@example.com",
    "drive-shares-noreply@google.com", "account-noreply@example.com", "alerts.noreply@example.com", "noreply1@example.com",
    "noreply_aws@example.com", "noreply+tag@example.com", "autoreply@example.com", "auto-reply@example.com",
    "mailer-daemon@mx.example.net", "MAILER_DAEMON@mx.example.net", "postmaster@example.net", "bounces+123@lists.example.org",
    "notifications@github.example",
  ]) assert.ok(isMachineAddress(address), address);
});

it("leaves people's addresses alone, including ones that merely contain the letters", () => {
  for (const address of [
    "li.wei@example.net", "noreen@example.com", "replyguy@example.com", "norepa@example.com", "customer-reply@example.com",
    "post.master.chef@example.com", "daemon.fan@example.com", "not-a-bot@example.com", "autoreplying-is-rude@example.com", "bad-address",
  ]) assert.ok(!isMachineAddress(address), address);
});
