// Magic links for following a ticket without an account: single-ticket, expiring, revocable.
import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import { recordEvent } from "../events/event.commands.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";
import {
  findTrackingLinkByHash, findTrackingLinkById, insertTrackingLink, markTrackingLinkUsed, revokeTrackingLinks,
} from "./tracking-link.repo.ts";
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from "./tracking-token.ts";

export type TrackingLink = { id: string; ticketId: string; address: string; expiresAt: string };

export function trackingPageUrl(ctx: Ctx, ticketNumber: number, token?: string): string {
  const { publicUrl, ticketPrefix } = ctx.services.config;
  const base = `${publicUrl.replace(/\/$/, "")}/track/${formatTicketNumber(ticketPrefix, ticketNumber)}`;
  return token ? `${base}?t=${token}` : base;
}

/** Creates a link for one ticket and one address, in the caller's transaction; the token exists only in the returned URL. */
export async function createTrackingLink(
  ctx: Ctx, input: { ticketId: string; ticketNumber: number; address: string },
): Promise<TrackingLink & { token: string; url: string }> {
  const now = ctx.clock.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + ctx.services.config.tracking.linkDays * 86_400_000).toISOString();
  const id = newId(now.getTime());
  await insertTrackingLink(ctx, {
    id, token_hash: hashLinkToken(token), ticket_id: input.ticketId, address: input.address.toLowerCase(),
    created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null, last_used_at: null,
  });
  return { id, ticketId: input.ticketId, address: input.address.toLowerCase(), expiresAt, token, url: trackingPageUrl(ctx, input.ticketNumber, token) };
}

type LinkRow = NonNullable<Awaited<ReturnType<typeof findTrackingLinkById>>>;

const isLive = (ctx: Ctx, row: LinkRow) => !row.revoked_at && Date.parse(row.expires_at) > ctx.clock.now().getTime();

const toLink = (row: LinkRow): TrackingLink => ({ id: row.id, ticketId: row.ticket_id, address: row.address, expiresAt: row.expires_at });

/** The live link a token opens for this ticket; undefined when unknown, for another ticket, expired or revoked. */
export async function openTrackingLink(ctx: Ctx, ticketId: string, token: string): Promise<TrackingLink | undefined> {
  if (!isWellFormedLinkToken(token)) return undefined;
  const row = await findTrackingLinkByHash(ctx, hashLinkToken(token));
  if (!row || row.ticket_id !== ticketId || !isLive(ctx, row)) return undefined;
  await markTrackingLinkUsed(ctx, row.id, nowIso(ctx));
  return toLink(row);
}

/** A browser session points at its link: revoking or expiring the link ends the session too. */
export async function findLiveTrackingLink(ctx: Ctx, linkId: string, ticketId: string): Promise<TrackingLink | undefined> {
  const row = await findTrackingLinkById(ctx, linkId);
  return row && row.ticket_id === ticketId && isLive(ctx, row) ? toLink(row) : undefined;
}

/** "Sign out this link": the customer ends the link they are using. */
export async function revokeTrackingLink(ctx: Ctx, link: TrackingLink): Promise<void> {
  const n = await revokeTrackingLinks(ctx, { id: link.id }, nowIso(ctx));
  if (n > 0) await recordEvent(ctx, "tracking.links_revoked", link.ticketId, { count: n, by: "customer" });
}

/** Agents end every live link of a ticket (e.g. a link was forwarded to the wrong person). */
export async function revokeTicketTrackingLinks(ctx: Ctx, ticketId: string): Promise<number> {
  const n = await revokeTrackingLinks(ctx, { ticketId }, nowIso(ctx));
  await recordEvent(ctx, "tracking.links_revoked", ticketId, { count: n, by: "agent" });
  return n;
}

/** Links from before tracking links were stored: an HMAC of the ticket number, still recognised to explain. */
export function isLegacyTrackingToken(ctx: Ctx, ticketNumber: number, token: string): boolean {
  return /^[a-z2-7]{16}$/.test(token) && ctx.services.signer.verify("track", String(ticketNumber), token);
}
