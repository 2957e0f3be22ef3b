// Our MX endpoint. Thin: protocol rules here, everything about the message in ingest.
// 250 is said only after acceptInbound has committed the bytes, the intake row and its job durably.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { findMailboxForAddress } from "../../modules/mailboxes/mailbox.repo.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";

export type SmtpReceiver = { listen(): Promise<number>; close(): Promise<void> };

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export function createSmtpReceiver(ctx: Ctx): SmtpReceiver {
  const cfg = ctx.services.config.smtp;
  const log = ctx.log.child({ service: "smtp" });
  const connections = new Map<string, number>();
  // onClose runs for every connection, also those onConnect refused or never saw: only counted ones uncount.
  const counted = new Set<string>();
  const limiter = createRateLimiter(cfg.maxMessagesPerClientPerMinute, 60_000, () => ctx.clock.now().getTime());
  const tls = cfg.tlsKeyFile && cfg.tlsCertFile ? { key: readFileSync(cfg.tlsKeyFile), cert: readFileSync(cfg.tlsCertFile) } : null;

  const server = new SMTPServer({
    name: cfg.hostname,
    banner: "PayDesk ESMTP",
    size: cfg.maxMessageBytes,
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(tls ?? {}),
    logger: false,
    socketTimeout: 120_000,

    onConnect(session, callback) {
      const ip = session.remoteAddress;
      const open = (connections.get(ip) ?? 0) + 1;
      if (open > cfg.maxConnectionsPerClient) return callback(smtpError(421, "4.7.0 Too many connections from your address, try again later"));
      connections.set(ip, open);
      counted.add(session.id);
      callback();
    },
    onClose(session) {
      if (!counted.delete(session.id)) return;
      const ip = session.remoteAddress;
      const open = (connections.get(ip) ?? 1) - 1;
      if (open <= 0) connections.delete(ip);
      else connections.set(ip, open);
    },
    onMailFrom(address, session, callback) {
      // Per address, not per IPv6 /64 as on the web: a large provider sends from many servers in one /64.
      if (!limiter.take(session.remoteAddress)) return callback(smtpError(421, "4.7.0 Too many messages from your address, slow down"));
      const args = address.args ? (address.args as Record<string, string>) : {};
      const declared = Number(args.SIZE ?? 0);
      if (declared > cfg.maxMessageBytes) return callback(smtpError(552, `5.3.4 Message too big (limit ${cfg.maxMessageBytes} bytes)`));
      callback();
    },
    onRcptTo(address, _session, callback) {
      findMailboxForAddress(ctx, address.address)
        .then((mailbox) => callback(mailbox ? undefined : smtpError(550, "5.1.1 No such mailbox here")))
        .catch((err: Error) => {
          log.error({ err: err.message }, "recipient check failed");
          callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
        });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        // Past the limit the message is refused anyway; keep reading it but stop holding it in memory.
        bytes += chunk.length;
        if (bytes <= cfg.maxMessageBytes) chunks.push(chunk);
      });
      stream.on("error", (err) => callback(smtpError(451, `4.3.0 ${err.message}`)));
      stream.on("end", () => {
        if (stream.sizeExceeded || bytes > cfg.maxMessageBytes) return callback(smtpError(552, `5.3.4 Message too big (limit ${cfg.maxMessageBytes} bytes)`));
        // Mail within the limit is on its way in: the worker steps back while it is accepted.
        ctx.services.smtpIntakeUnderway();
        const raw = Buffer.concat(chunks);
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          remoteIp: session.remoteAddress,
          helo: session.hostNameAppearsAs,
          clientHostname: session.clientHostname,
        };
        acceptInbound(ctx, { channel: "smtp", raw, envelope })
          .then(({ inboundId }) => {
            ctx.services.smtpIntakeUnderway();
            callback(null, `2.0.0 Accepted as ${inboundId}`);
          })
          .catch((err: unknown) => {
            // Anything unexpected is temporary for the sender: they keep the message and retry.
            const code = isAppError(err) && err.code !== "internal" ? err.smtpCode : 451;
            log.error({ err: (err as Error).message }, "could not accept message");
            callback(smtpError(code, code === 451 ? "4.3.0 Temporary failure, try again later" : (err as Error).message));
          });
      });
    },
  });
  server.on("error", (err) => log.warn({ err: err.message }, "smtp connection error"));

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(cfg.port, cfg.host, () => {
          server.off("error", reject);
          resolve((server.server.address() as AddressInfo).port);
        });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
