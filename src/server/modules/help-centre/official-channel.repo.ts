// Official-channel rows (private to the help-centre module).
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import type { OfficialChannelsTable } from "../../db/schema.ts";

export type ChannelRow = Selectable<OfficialChannelsTable>;

const SEEDED_MARKER = "help_centre.registry_seeded";

export async function listChannelRows(ctx: Ctx, opts: { publishedOnly?: boolean } = {}): Promise<ChannelRow[]> {
  let q = ctx.db.selectFrom("official_channels").selectAll();
  if (opts.publishedOnly) q = q.where("published", "=", 1);
  return q.orderBy("sort_order").orderBy("created_at").orderBy("id").execute();
}

export async function findChannelRow(ctx: Ctx, id: string): Promise<ChannelRow | undefined> {
  return ctx.db.selectFrom("official_channels").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertChannelRow(ctx: Ctx, row: ChannelRow): Promise<void> {
  await ctx.db.insertInto("official_channels").values(row).execute();
}

export async function updateChannelRow(ctx: Ctx, id: string, patch: Partial<Omit<ChannelRow, "id" | "created_at">>): Promise<void> {
  await ctx.db.updateTable("official_channels").set(patch).where("id", "=", id).execute();
}

export async function deleteChannelRow(ctx: Ctx, id: string): Promise<boolean> {
  const res = await ctx.db.deleteFrom("official_channels").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function isRegistrySeeded(ctx: Ctx): Promise<boolean> {
  const row = await ctx.db.selectFrom("counters").select("value").where("name", "=", SEEDED_MARKER).executeTakeFirst();
  return row !== undefined;
}

/** Claims the one-time seeding; false when another process (or an earlier start) already did it. */
export async function claimRegistrySeeding(ctx: Ctx): Promise<boolean> {
  const res = await ctx.db.insertInto("counters").values({ name: SEEDED_MARKER, value: 1 })
    .onConflict((oc) => oc.column("name").doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function countChannelRows(ctx: Ctx): Promise<number> {
  const row = await ctx.db.selectFrom("official_channels").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}
