// A cookie-keeping visitor for the help centre's no-JavaScript forms over app.inject: reads the hidden
// _csrf field from a page and posts forms the way a browser does.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

export class PortalVisitor {
  cookies = new Map<string, string>();

  constructor(readonly app: FastifyInstance, readonly remoteAddress = "203.0.113.7") {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: "GET", url, headers: { ...this.cookieHeader(), ...headers }, remoteAddress: this.remoteAddress }));
  }

  /** Posts an urlencoded form; `_csrf` is taken from `from` (a page already fetched) unless given. */
  async post(url: string, fields: Record<string, string>, from?: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const form = { ...fields };
    if (from && form._csrf === undefined) form._csrf = formToken(from.body);
    return this.keep(await this.app.inject({
      method: "POST", url, remoteAddress: this.remoteAddress,
      headers: { ...this.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(form).toString(),
    }));
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies.set(c.name, c.value);
    return res;
  }
}

export function formToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error("no _csrf field on the page");
  return m[1]!;
}

/** The text of the first element with this class (tags dropped, entities left as they are). */
export function textOf(html: string, className: string): string {
  const m = new RegExp(`class="[^"]*\\b${className}\\b[^"]*"[^>]*>([\\s\\S]*?)</(section|p|div|td|li|code)>`).exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, "").trim() : "";
}
