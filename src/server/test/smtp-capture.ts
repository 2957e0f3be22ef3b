// A relay for tests: a real SMTP server on port 0 that keeps what it accepts and answers as told.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type CapturedMail = { mailFrom: string; rcptTo: string[]; raw: Buffer };

/** What the relay answers after DATA; null accepts the message. */
export type Answer = { code: number; message: string } | null;

export type CaptureServer = {
  port: number;
  /** Messages answered with 250, in order. */
  received: CapturedMail[];
  /** Every DATA the server saw, accepted or not. */
  attempts: number;
  /** Refuse the next `times` messages with `code`, then accept again. */
  failNext(times: number, code?: number): void;
  /** Refuse every message with `code` until reset(). */
  failAlways(code?: number): void;
  reset(): void;
  close(): Promise<void>;
};

export type CaptureOptions = {
  /** "none": plain SMTP only; "starttls": offers STARTTLS with smtp-server's built-in self-signed certificate. */
  tls?: "none" | "starttls";
  /** Require AUTH with these credentials (allowed without TLS: this is a test relay). */
  auth?: { user: string; pass: string };
};

const text = (code: number) => (code >= 500 ? "5.7.1 Refused by test relay" : "4.3.0 Test relay says try again later");

export async function startCaptureServer(options: CaptureOptions = {}): Promise<CaptureServer> {
  const received: CapturedMail[] = [];
  let plan: { remaining: number; code: number } | null = null;
  const state = { attempts: 0 };

  const nextAnswer = (): Answer => {
    if (!plan) return null;
    if (plan.remaining === Infinity || plan.remaining > 0) {
      plan.remaining -= 1;
      return { code: plan.code, message: text(plan.code) };
    }
    plan = null;
    return null;
  };

  const server = new SMTPServer({
    logger: false,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: [...(options.auth ? [] : ["AUTH"]), ...(options.tls === "starttls" ? [] : ["STARTTLS"])],
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        state.attempts += 1;
        const answer = nextAnswer();
        if (answer) return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback(null, `2.0.0 Stored as test-${received.length}`);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    port,
    received,
    get attempts() {
      return state.attempts;
    },
    failNext(times, code = 451) {
      plan = { remaining: times, code };
    },
    failAlways(code = 451) {
      plan = { remaining: Infinity, code };
    },
    reset() {
      plan = null;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
