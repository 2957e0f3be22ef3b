// Canned response variables: known ones filled, unknown or empty ones left for the agent to see.
import assert from "node:assert/strict";
import { it } from "node:test";
import { renderCanned } from "./render-canned.ts";

const values = { customerName: "李伟", ticketNumber: "OK-100042", agentName: "Alice" };

it("fills customer name, ticket number and agent name", () => {
  assert.equal(
    renderCanned("您好 {{customer.name}}，工单 {{ticket.number}} 已处理。\n— {{agent.name}}", values),
    "您好 李伟，工单 OK-100042 已处理。\n— Alice",
  );
});

it("accepts spaces inside the braces and repeats", () => {
  assert.equal(renderCanned("{{ ticket.number }} / {{ticket.number}}", values), "OK-100042 / OK-100042");
});

it("leaves unknown variables visible", () => {
  assert.equal(renderCanned("Dear {{customer.email}}, {{balance}} {{customer.name}}", values), "Dear {{customer.email}}, {{balance}} 李伟");
});

it("leaves a known variable visible when it has no value", () => {
  assert.equal(renderCanned("Dear {{customer.name}},", { ...values, customerName: null }), "Dear {{customer.name}},");
  assert.equal(renderCanned("Dear {{customer.name}},", { ...values, customerName: "  " }), "Dear {{customer.name}},");
});

it("does not treat replacement patterns in values as special", () => {
  assert.equal(renderCanned("Hi {{customer.name}}", { ...values, customerName: "$& $1 {{agent.name}}" }), "Hi $& $1 {{agent.name}}");
});

it("leaves text without variables and unbalanced braces alone", () => {
  assert.equal(renderCanned("{{customer.name} and {ticket.number}}", values), "{{customer.name} and {ticket.number}}");
});
