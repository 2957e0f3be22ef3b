// Server-rendered HTML for the public pages: every interpolated value is escaped unless it is
// already SafeHtml, so hostile text in any field renders as text.
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** For HTML that was produced by a sanitiser or by `html` itself. */
export const trustedHtml = (value: string): SafeHtml => new SafeHtml(value);
