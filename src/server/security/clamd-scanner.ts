// Virus scanning through ClamAV's daemon (clamd). Its INSTREAM command is a length-prefixed byte stream
// answered by one line, so it is spoken here directly; the npm wrappers mostly drive local binaries and
// print to the console.
import { createConnection, type Socket } from "node:net";

export type ScanVerdict =
  | { kind: "clean" }
  | { kind: "infected"; signature: string }
  /** Over clamd's StreamMaxLength: it gave no verdict on these bytes. */
  | { kind: "too_large" };

export interface VirusScanner {
  /** Where the scanner listens, for messages: a socket path or host:port. */
  readonly endpoint: string;
  scan(bytes: Buffer): Promise<ScanVerdict>;
}

/** No verdict (down, too slow, answered with an error): the caller must wait and retry, never guess. */
export class ScannerUnavailableError extends Error {
  override name = "ScannerUnavailableError";
}

const CHUNK_BYTES = 64 * 1024;

/** `endpoint`: an absolute Unix socket path (`/run/clamav/clamd.ctl`) or `host:port` (`127.0.0.1:3310`). */
export function createClamdScanner(endpoint: string, timeoutMs: number): VirusScanner {
  return { endpoint, scan: (bytes) => instream(endpoint, bytes, timeoutMs) };
}

function connectTo(endpoint: string): Socket {
  if (endpoint.startsWith("/")) return createConnection({ path: endpoint });
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(endpoint);
  if (!m) throw new ScannerUnavailableError(`clamd endpoint ${endpoint} is neither a socket path nor host:port`);
  return createConnection({ host: m[1], port: Number(m[2]) });
}

function instream(endpoint: string, bytes: Buffer, timeoutMs: number): Promise<ScanVerdict> {
  return new Promise((resolve, reject) => {
    const socket = connectTo(endpoint);
    const received: Buffer[] = [];
    let settled = false;
    const settle = (outcome: ScanVerdict | Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    // The answer ends with NUL ("z" commands); clamd may close while we still write (over its limit), so
    // a complete answer wins over the write error that follows it.
    const answered = () => {
      const all = Buffer.concat(received);
      const end = all.indexOf(0);
      if (end < 0) return false;
      settle(verdictOf(endpoint, all.subarray(0, end).toString("utf8").trim()));
      return true;
    };
    socket.setTimeout(timeoutMs, () => settle(new ScannerUnavailableError(`clamd at ${endpoint} gave no answer within ${timeoutMs} ms`)));
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      answered();
    });
    socket.on("error", (err) => {
      if (!answered()) settle(new ScannerUnavailableError(`clamd at ${endpoint}: ${err.message}`));
    });
    socket.on("close", () => {
      if (!answered()) settle(new ScannerUnavailableError(`clamd at ${endpoint} closed the connection without an answer`));
    });
    socket.on("connect", () => {
      socket.write("zINSTREAM\0");
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
        const chunk = bytes.subarray(at, at + CHUNK_BYTES);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        socket.write(length);
        socket.write(chunk);
      }
      socket.write(Buffer.alloc(4)); // a zero length ends the stream
    });
  });
}

function verdictOf(endpoint: string, answer: string): ScanVerdict | Error {
  if (/^stream: OK$/.test(answer)) return { kind: "clean" };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) return { kind: "infected", signature: found[1]! };
  if (/size limit exceeded/i.test(answer)) return { kind: "too_large" };
  return new ScannerUnavailableError(`clamd at ${endpoint} answered: ${answer || "(nothing)"}`);
}
