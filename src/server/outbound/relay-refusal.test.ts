import assert from "node:assert/strict";
import { it } from "node:test";
import { classifyRelayError, describeRelayError } from "./relay-refusal.ts";
import type { RelayError } from "./relay.ts";

const error = (code: string, responseCode: number | undefined, command: string, response: string): RelayError =>
  Object.assign(new Error(response), { code, responseCode, command, response });

it("takes a refusal of this very message as final", () => {
  assert.equal(classifyRelayError(error("EENVELOPE", 550, "RCPT TO", "550 5.1.1 <li@example.net>: user unknown")), "message");
  assert.equal(classifyRelayError(error("EMESSAGE", 554, "DATA", "554 5.7.1 message rejected as spam")), "message");
  assert.equal(classifyRelayError(error("EMESSAGE", 552, "DATA", "552 5.3.4 message too big")), "message");
});

it("takes a refusal of our sender or of relaying as the relay's settings, not the message", () => {
  assert.equal(classifyRelayError(error("EENVELOPE", 530, "MAIL FROM", "530 5.7.0 Authentication required")), "configuration");
  assert.equal(classifyRelayError(error("EENVELOPE", 553, "MAIL FROM", "553 5.7.1 Sender address rejected: not owned by user")), "configuration");
  assert.equal(classifyRelayError(error("EENVELOPE", 554, "RCPT TO", "554 5.7.1 <li@example.net>: Relay access denied")), "configuration");
  assert.equal(classifyRelayError(error("EENVELOPE", 550, "RCPT TO", "550 5.7.1 Relaying denied")), "configuration");
  assert.equal(classifyRelayError(error("EAUTH", 535, "AUTH PLAIN", "535 5.7.8 Authentication credentials invalid")), "configuration");
});

it("takes everything else as temporary", () => {
  assert.equal(classifyRelayError(error("EENVELOPE", 451, "RCPT TO", "451 4.3.0 try again later")), "temporary");
  assert.equal(classifyRelayError(error("ECONNECTION", undefined, "CONN", "connect ECONNREFUSED")), "temporary");
  assert.equal(classifyRelayError(error("ETIMEDOUT", undefined, "CONN", "Greeting never received")), "temporary");
});

it("shows the relay's reply once, and says when there was none", () => {
  assert.equal(describeRelayError(error("EENVELOPE", 451, "RCPT TO", "451 4.3.0 try later")), "451 4.3.0 try later");
  assert.equal(describeRelayError(error("EMESSAGE", 554, "DATA", "rejected")), "554 rejected");
  assert.equal(describeRelayError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ESOCKET" })), "no answer: connect ECONNREFUSED 127.0.0.1:2525");
});
