// Frozen in time: sign-in with two-factor, sessions, mailbox membership, invitations, resets, audit log.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;
  const int = sql`integer`;
  const big = dialect === "postgres" ? sql`bigint` : sql`integer`;

  await db.schema.alterTable("agents").addColumn("language", text, (c) => c.notNull().defaultTo("en")).execute();
  await db.schema.alterTable("agents").addColumn("totp_secret_enc", text).execute();
  await db.schema.alterTable("agents").addColumn("totp_enabled", int, (c) => c.notNull().defaultTo(0)).execute();
  // A secret being enrolled; it replaces totp_secret_enc only once a code from it is confirmed.
  await db.schema.alterTable("agents").addColumn("totp_pending_enc", text).execute();
  // The last 30-second step a code was accepted for: a code is never accepted twice.
  await db.schema.alterTable("agents").addColumn("totp_last_step", big).execute();

  await db.schema.createTable("agent_sessions")
    .addColumn("id_hash", text, (c) => c.primaryKey())
    .addColumn("agent_id", text, (c) => c.notNull().references("agents.id"))
    .addColumn("stage", text, (c) => c.notNull())
    .addColumn("ip", text)
    .addColumn("user_agent", text)
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("last_seen_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agent_sessions_agent").on("agent_sessions").column("agent_id").execute();

  await db.schema.createTable("agent_recovery_codes")
    .addColumn("code_hash", text, (c) => c.primaryKey())
    .addColumn("agent_id", text, (c) => c.notNull().references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();
  await db.schema.createIndex("agent_recovery_codes_agent").on("agent_recovery_codes").column("agent_id").execute();

  await db.schema.createTable("agent_mailboxes")
    .addColumn("agent_id", text, (c) => c.notNull().references("agents.id"))
    .addColumn("mailbox_id", text, (c) => c.notNull().references("mailboxes.id"))
    .addPrimaryKeyConstraint("agent_mailboxes_pk", ["agent_id", "mailbox_id"])
    .execute();

  await db.schema.createTable("agent_invitations")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("token_hash", text, (c) => c.notNull().unique())
    .addColumn("email", text, (c) => c.notNull())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("role", text, (c) => c.notNull())
    .addColumn("mailbox_ids_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("invited_by", text, (c) => c.references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("accepted_at", ts)
    .execute();

  await db.schema.createTable("password_resets")
    .addColumn("token_hash", text, (c) => c.primaryKey())
    .addColumn("agent_id", text, (c) => c.notNull().references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();
  await db.schema.createIndex("password_resets_agent").on("password_resets").column("agent_id").execute();

  await db.schema.createTable("audit_log")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("action", text, (c) => c.notNull())
    .addColumn("actor_kind", text, (c) => c.notNull())
    .addColumn("actor_id", text)
    .addColumn("request_id", text)
    .addColumn("data_json", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_created").on("audit_log").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_id", "created_at"]).execute();
}
