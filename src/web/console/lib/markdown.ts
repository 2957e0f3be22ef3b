// Rich-text replies are written as light Markdown (what agents already type: **bold**, lists, links) and
// sent as HTML beside the plain text. The server keeps only a formatting allowlist, so this can stay simple.
import { marked } from "marked";

export function markdownToHtml(text: string): string {
  return marked.parse(text, { async: false, gfm: true, breaks: true });
}
