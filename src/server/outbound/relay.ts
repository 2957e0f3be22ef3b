// Hands composed bytes to the configured SMTP relay (nodemailer's SMTP client).
import nodemailer from "nodemailer";

export type RelayResult = { response: string };

/** An SMTP error with its reply code (4xx temporary, 5xx permanent); no code means no answer at all. */
export type RelayError = Error & {
  responseCode?: number;
  response?: string;
  /** nodemailer's classification: EENVELOPE / EMESSAGE when the relay refused this message; EAUTH, ECONNECTION, ETLS… otherwise. */
  code?: string;
  /** The SMTP command the reply answered (`MAIL FROM`, `RCPT TO`, `DATA`, `AUTH PLAIN` …). */
  command?: string;
};

export type RelayMailer = {
  send(raw: Buffer, envelope: { from: string; to: string[] }): Promise<RelayResult>;
  close(): void;
};

export function createRelayMailer(relay: { url: string; insecureTls: boolean }): RelayMailer {
  // Connection options go in the first argument, next to the URL: a second argument would only set
  // message defaults, and the TLS and timeout settings would silently not apply.
  const transport = nodemailer.createTransport({
    url: relay.url,
    tls: { rejectUnauthorized: !relay.insecureTls },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  } as never);
  return {
    async send(raw, envelope) {
      const info = await transport.sendMail({ envelope, raw });
      return { response: String(info.response ?? "") };
    },
    close: () => transport.close(),
  };
}
