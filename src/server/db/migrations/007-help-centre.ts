// The help centre: the official-channel registry admins edit, FAQ articles with their search terms, and
// the verification code every outbound e-mail carries in its footer.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;
  const int = sql`integer`;

  await db.schema.createTable("official_channels")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("kind", text, (c) => c.notNull())
    .addColumn("purpose", text, (c) => c.notNull())
    .addColumn("value", text, (c) => c.notNull())
    .addColumn("label_en", text, (c) => c.notNull())
    .addColumn("label_zh", text, (c) => c.notNull())
    .addColumn("hours_en", text, (c) => c.notNull().defaultTo(""))
    .addColumn("hours_zh", text, (c) => c.notNull().defaultTo(""))
    .addColumn("response_time_en", text, (c) => c.notNull().defaultTo(""))
    .addColumn("response_time_zh", text, (c) => c.notNull().defaultTo(""))
    .addColumn("sort_order", int, (c) => c.notNull().defaultTo(0))
    .addColumn("published", int, (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("official_channels_order").on("official_channels").columns(["kind", "sort_order", "id"]).execute();

  await db.schema.createTable("faq_articles")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("slug", text, (c) => c.notNull().unique())
    .addColumn("category", text, (c) => c.notNull())
    .addColumn("title_en", text, (c) => c.notNull())
    .addColumn("title_zh", text, (c) => c.notNull())
    .addColumn("body_en", text, (c) => c.notNull())
    .addColumn("body_zh", text, (c) => c.notNull())
    .addColumn("published", int, (c) => c.notNull().defaultTo(0))
    .addColumn("helpful_yes", int, (c) => c.notNull().defaultTo(0))
    .addColumn("helpful_no", int, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("faq_articles_category").on("faq_articles").columns(["category", "updated_at"]).execute();

  // FAQ search: the same tokens as ticket search (CJK bigrams), one row per distinct token of an article.
  // A corpus of a few hundred articles needs nothing heavier than a B-tree on the token.
  await db.schema.createTable("faq_terms")
    .addColumn("token", text, (c) => c.notNull())
    .addColumn("article_id", text, (c) => c.notNull().references("faq_articles.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("faq_terms_pk", ["token", "article_id"])
    .execute();
  await db.schema.createIndex("faq_terms_article").on("faq_terms").column("article_id").execute();

  // Looked up by customers on /verify; unique so a code names exactly one message.
  await db.schema.alterTable("outbound_mail").addColumn("verification_code", text).execute();
  await db.schema.createIndex("outbound_mail_verification_code").on("outbound_mail").column("verification_code").unique().execute();
}
