// The console's one way to reach the server: same-origin cookies, the CSRF token on every unsafe
// method, and `{ error: { code, message } }` bodies turned into ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type ApiClient = ReturnType<typeof createApi>;

const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) return res.json();
  const text = await res.text();
  return text === "" ? undefined : text;
}

/** The file name a download's Content-Disposition gives (`filename*=UTF-8''…` or `filename="…"`). */
export function downloadName(disposition: string | null): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      return null;
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? null;
}

function toError(res: Response, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (err && typeof err === "object") {
    return new ApiError(res.status, String(err.code ?? "error"), String(err.message ?? res.statusText), body);
  }
  return new ApiError(res.status, res.status >= 500 ? "internal" : "error", typeof body === "string" && body ? body.slice(0, 200) : res.statusText || `HTTP ${res.status}`, body);
}

export function createApi(options: { fetch?: FetchLike; base?: string } = {}) {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.base ?? "";
  let csrfToken: string | null = null;
  const unauthorizedListeners = new Set<(err: ApiError) => void>();

  /** Picks up a fresh token from any answer that carries one (session, sign-in, even a 401). */
  const remember = (body: unknown) => {
    const token = (body as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === "string" && token) csrfToken = token;
  };

  async function send(method: string, path: string, init: { body?: BodyInit; json?: unknown; headers?: Record<string, string>; blob?: boolean } = {}, retried = false): Promise<unknown> {
    const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (unsafe.has(method) && csrfToken) headers["X-CSRF-Token"] = csrfToken;
    const res = await doFetch(base + path, { method, headers, body, credentials: "same-origin" });
    if (res.ok && init.blob) return { blob: await res.blob(), filename: downloadName(res.headers.get("content-disposition")) };
    const data = await readBody(res);
    remember(data);
    if (res.ok) return data;
    const err = toError(res, data);
    // A token can go stale (new session in another tab): fetch the current one and try once more.
    if (err.code === "csrf_failed" && !retried) {
      await refreshCsrf();
      return send(method, path, init, true);
    }
    if (err.status === 401 && path !== "/api/session") for (const fn of unauthorizedListeners) fn(err);
    throw err;
  }

  async function refreshCsrf() {
    const res = await doFetch(base + "/api/session", { method: "GET", headers: { Accept: "application/json" }, credentials: "same-origin" });
    remember(await readBody(res).catch(() => null));
  }

  return {
    get: <T>(path: string, query?: Query) => send("GET", withQuery(path, query)) as Promise<T>,
    post: <T>(path: string, json?: unknown) => send("POST", path, { json: json ?? {} }) as Promise<T>,
    patch: <T>(path: string, json: unknown) => send("PATCH", path, { json }) as Promise<T>,
    put: <T>(path: string, json: unknown) => send("PUT", path, { json }) as Promise<T>,
    del: <T = void>(path: string) => send("DELETE", path) as Promise<T>,
    /** A download that must be asked for with POST (a CSRF-checked, audited act): the answer's bytes. */
    postForBlob: (path: string, json: unknown) => send("POST", path, { json, blob: true }) as Promise<{ blob: Blob; filename: string | null }>,
    /** Raw bytes with their own content type (file uploads). */
    postBytes: <T>(path: string, bytes: Blob, contentType: string) =>
      send("POST", path, { body: bytes, headers: { "Content-Type": contentType || "application/octet-stream" } }) as Promise<T>,
    setCsrfToken(token: string | null) {
      csrfToken = token;
    },
    get csrfToken() {
      return csrfToken;
    },
    /** Called when a request finds the session gone (expired, revoked elsewhere). */
    onUnauthorized(fn: (err: ApiError) => void) {
      unauthorizedListeners.add(fn);
      return () => unauthorizedListeners.delete(fn);
    },
  };
}

/** The console's shared client. */
export const api = createApi();

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
