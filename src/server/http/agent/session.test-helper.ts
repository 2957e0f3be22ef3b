// A cookie-keeping client over app.inject, for tests of the browser sign-in (one instance = one browser).
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { generateTotpCode } from "../../modules/agents/totp.ts";

export const SESSION_COOKIE = "__Host-paydesk_session";

export class TestBrowser {
  cookies = new Map<string, string>();
  csrfToken: string | null = null;
  lastSetCookie: { name: string; value: string; secure?: boolean; httpOnly?: boolean; sameSite?: string; path?: string; maxAge?: number }[] = [];

  constructor(readonly app: FastifyInstance, readonly remoteAddress = "127.0.0.1") {}

  get sessionId(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  async request(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: unknown, options: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
    const res = await this.app.inject({ method, url, headers, remoteAddress: this.remoteAddress, ...(payload === undefined ? {} : { payload: payload as object }) });
    this.lastSetCookie = res.cookies as TestBrowser["lastSetCookie"];
    for (const c of this.lastSetCookie) {
      if (!c.value || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const body = safeJson(res.body);
    if (body && typeof body === "object" && "csrfToken" in body && typeof body.csrfToken === "string") this.csrfToken = body.csrfToken;
    return res;
  }

  /** GET /api/session then POST /api/session, as the console does. */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.request("GET", "/api/session");
    return this.request("POST", "/api/session", { email, password });
  }

  /** Full sign-in for an account with TOTP enrolled, using the given clock time for the code. */
  async signInWithTotp(email: string, password: string, secret: string, nowMs: number): Promise<LightMyRequestResponse> {
    const first = await this.signIn(email, password);
    if (first.json().status !== "totp_required") return first;
    return this.request("POST", "/api/session/totp", { code: generateTotpCode(secret, nowMs) });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
