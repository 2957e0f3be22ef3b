import type { Filter } from "../filter.ts";

export const decodeFilter: Filter = {
  name: "decode",
  async run(ctx, msg) {
    return { kind: "continue", msg: { ...msg, content: await ctx.services.work.decode(msg.raw) } };
  },
};
