// Single-key shortcuts that stay out of the way while the agent types.
import { useEffect, useRef } from "preact/hooks";

export type KeyMap = Record<string, (e: KeyboardEvent) => void>;

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  // Checkboxes, radios and buttons take no text: shortcuts keep working after one is clicked.
  if (tag === "input") return !["checkbox", "radio", "button", "submit", "reset", "file"].includes((el as HTMLInputElement).type);
  return tag === "textarea" || tag === "select" || el.isContentEditable;
}

/** Binds keys (e.g. "j", "Enter", "?") while the component is mounted; the latest map always wins. */
export function useShortcuts(map: KeyMap, enabled = true) {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // Enter on a focused link or button belongs to that control.
      if (e.key === "Enter" && (e.target as HTMLElement | null)?.closest?.("a,button,summary,[role=tab]")) return;
      if (document.querySelector("dialog[open]") && e.key !== "Escape") return;
      const fn = ref.current[e.key];
      if (!fn) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
