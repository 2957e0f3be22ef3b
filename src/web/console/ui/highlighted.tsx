// Renders a search excerpt: text nodes and <mark> elements only, never parsed HTML.
import { splitExcerpt } from "../lib/excerpt.ts";

export function Highlighted({ excerpt }: { excerpt: string }) {
  return (
    <>
      {splitExcerpt(excerpt).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}
    </>
  );
}
