// Virus scanning through ClamAV's daemon (clamd). Its INSTREAM command is a length-prefixed byte stream
// answered by one line, so it is spoken here directly; the npm wrappers mostly drive local binaries and
// print to the console.
import { createConnection, type Socket } from "node:net";
import { performance } from "node:perf_hooks";

export type ScanVerdict =
  | { kind: "clean" }
  | { kind: "infected"; signature: string }
  /** clamd works but could not judge these bytes: encrypted, over its limits, or too slow to scan. */
  | { kind: "unscannable"; reason: string };

export interface VirusScanner {
  /** Where the scanner listens, for messages: a socket path or host:port. */
  readonly endpoint: string;
  /** `timeoutMs` may shorten the configured timeout (a caller with a deadline of its own). */
  scan(bytes: Buffer, options?: { timeoutMs?: number }): Promise<ScanVerdict>;
  /**
   * The version of the signatures clamd has loaded (from `VERSION`: `ClamAV 1.4.6/27480/…` → `27480`), or ""
   * when it names none (only unofficial signatures). Asked at most once a minute.
   */
  signatures(): Promise<string>;
}

/** No verdict (down, too slow, answered with an error): the caller must wait and retry, never guess. */
export class ScannerUnavailableError extends Error {
  override name = "ScannerUnavailableError";
}

/** The scanner took the connection but answered neither the scan nor a PING in time: it hangs. */
export class ScannerHungError extends ScannerUnavailableError {
  override name = "ScannerHungError";
}

const CHUNK_BYTES = 64 * 1024;
const PING_TIMEOUT_MS = 5_000;
const SIGNATURES_MAX_AGE_MS = 60_000;

/** The signature version in clamd's VERSION answer ("" when it names none). */
export function signatureVersionOf(answer: string): string {
  return /^ClamAV [^/]+\/(\d+)\//.exec(answer.trim())?.[1] ?? "";
}

/** `endpoint`: an absolute Unix socket path (`/run/clamav/clamd.ctl`) or `host:port` (`127.0.0.1:3310`). */
export function createClamdScanner(endpoint: string, timeoutMs: number, now: () => number = () => performance.now()): VirusScanner {
  let known: { version: string; at: number } | null = null;
  return {
    endpoint,
    async signatures() {
      if (known && now() - known.at < SIGNATURES_MAX_AGE_MS) return known.version;
      try {
        const version = await exchange(endpoint, (socket) => socket.write("zVERSION\0"), PING_TIMEOUT_MS, signatureVersionOf);
        known = { version, at: now() };
        return version;
      } catch (err) {
        // It took the connection and said nothing: hung, as a scan that gets no answer to a PING either.
        if (err instanceof ScanTimeout) throw new ScannerHungError(err.message);
        throw err;
      }
    },
    async scan(bytes, options = {}) {
      const limit = Math.max(1, Math.min(timeoutMs, options.timeoutMs ?? timeoutMs));
      try {
        return await instream(endpoint, bytes, limit);
      } catch (err) {
        if (!(err instanceof ScanTimeout)) throw err;
        // Too slow while clamd still answers a PING: these bytes are the problem, not the scanner; waiting
        // and asking again would only tie clamd up again.
        if (await ping(endpoint, Math.min(PING_TIMEOUT_MS, limit))) return { kind: "unscannable", reason: `took over ${limit / 1000} s to scan` };
        throw new ScannerHungError(`${err.message}, nor to a PING`);
      }
    },
  };
}

class ScanTimeout extends Error {}

function connectTo(endpoint: string): Socket {
  const m = endpoint.startsWith("/") ? null : /^\[?([^\]]+?)\]?:(\d+)$/.exec(endpoint);
  if (!endpoint.startsWith("/") && !m) throw new ScannerUnavailableError(`clamd endpoint ${endpoint} is neither a socket path nor host:port`);
  try {
    return m ? createConnection({ host: m[1], port: Number(m[2]) }) : createConnection({ path: endpoint });
  } catch (err) {
    throw new ScannerUnavailableError(`clamd at ${endpoint}: ${(err as Error).message}`);
  }
}

/** True when clamd answers PONG within `timeoutMs`. */
function ping(endpoint: string, timeoutMs: number): Promise<boolean> {
  return exchange(endpoint, (socket) => socket.write("zPING\0"), timeoutMs, (answer) => answer === "PONG")
    .then((pong) => pong === true, () => false);
}

function instream(endpoint: string, bytes: Buffer, timeoutMs: number): Promise<ScanVerdict> {
  return exchange(endpoint, (socket) => {
    socket.write("zINSTREAM\0");
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      const chunk = bytes.subarray(at, at + CHUNK_BYTES);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(chunk.length);
      socket.write(length);
      socket.write(chunk);
    }
    socket.write(Buffer.alloc(4)); // a zero length ends the stream
  }, timeoutMs, (answer) => verdictOf(endpoint, answer));
}

/** One command on its own connection: its NUL-terminated answer, read within `timeoutMs` all told. */
function exchange<T>(endpoint: string, send: (socket: Socket) => void, timeoutMs: number, read: (answer: string) => T | Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = connectTo(endpoint);
    const received: Buffer[] = [];
    let settled = false;
    const settle = (outcome: T | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
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
      settle(read(all.subarray(0, end).toString("utf8").trim()));
      return true;
    };
    // A deadline for the whole exchange, not an idle timer: a peer that drips bytes must not hold us.
    const deadline = setTimeout(() => settle(new ScanTimeout(`clamd at ${endpoint} gave no answer within ${timeoutMs} ms`)), timeoutMs);
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
    socket.on("connect", () => send(socket));
  });
}

function verdictOf(endpoint: string, answer: string): ScanVerdict | Error {
  if (/^stream: OK$/.test(answer)) return { kind: "clean" };
  const found = /^stream: (.+) FOUND$/m.exec(answer);
  // With AlertExceedsMax / AlertEncrypted on, clamd reports what it could not look into as these names.
  if (found && /^Heuristics\.Encrypted\./.test(found[1]!)) return { kind: "unscannable", reason: `encrypted (${found[1]})` };
  if (found && /^Heuristics\.Limits\.Exceeded/.test(found[1]!)) return { kind: "unscannable", reason: `over the scanner's limits (${found[1]})` };
  if (found) return { kind: "infected", signature: found[1]! };
  if (/size limit exceeded/i.test(answer)) return { kind: "unscannable", reason: "larger than the scanner accepts" };
  return new ScannerUnavailableError(`clamd at ${endpoint} answered: ${answer || "(nothing)"}`);
}
