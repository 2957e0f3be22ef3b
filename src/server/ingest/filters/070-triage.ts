import type { Filter } from "../filter.ts";
import { triage } from "../../modules/tickets/triage.ts";

export const triageFilter: Filter = {
  name: "triage",
  async run(_ctx, msg) {
    const c = msg.content;
    return { kind: "continue", msg: { ...msg, triage: triage(c?.subject ?? "", c?.text ?? "") } };
  },
};
