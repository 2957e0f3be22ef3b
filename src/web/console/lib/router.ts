// Hash routes: `#/inbox/mine?status=open`, `#/tickets/PD-100001`, `#/search?q=提现`, `#/invite?token=…`.
import { useEffect, useState } from "preact/hooks";

export type Location = { path: string[]; query: URLSearchParams };

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, "");
  const [pathPart = "", queryPart = ""] = raw.split(/\?(.*)/s, 2);
  const path = pathPart
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query: new URLSearchParams(queryPart) };
}

export function buildHash(path: string[], query?: Record<string, string | undefined | null>): string {
  const p = "#/" + path.map((s) => encodeURIComponent(s)).join("/");
  if (!query) return p;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `${p}?${s}` : p;
}

export function navigate(path: string[], query?: Record<string, string | undefined | null>, options: { replace?: boolean } = {}) {
  const hash = buildHash(path, query);
  if (options.replace) history.replaceState(null, "", hash);
  else if (location.hash !== hash) location.hash = hash;
  if (options.replace) window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setLoc(parseHash(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return loc;
}
