import type { Filter } from "../filter.ts";
import { parseMessage } from "../decode/parse-message.ts";

export const decodeFilter: Filter = {
  name: "decode",
  async run(_ctx, msg) {
    return { kind: "continue", msg: { ...msg, content: await parseMessage(msg.raw) } };
  },
};
