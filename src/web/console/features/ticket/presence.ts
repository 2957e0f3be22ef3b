// Tells the server this agent is looking at the ticket (every 15 s) and learns who else is, and
// which message is the newest — the basis of the collision warning.
import { useEffect, useState } from "preact/hooks";
import type { Viewer } from "../../lib/types.ts";
import { beat } from "./ticket.api.ts";

const EVERY_MS = 15_000;

export function usePresence(ref: string, meId: string, initial: Viewer[]) {
  const [viewers, setViewers] = useState<Viewer[]>(initial);
  const [lastMessageId, setLastMessageId] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const r = await beat(ref);
        if (stopped) return;
        setViewers(r.viewers);
        setLastMessageId(r.lastMessageId);
      } catch {
        // A missed heartbeat only delays the warning; the next one catches up.
      }
    };
    void tick();
    const timer = setInterval(tick, EVERY_MS);
    const onVisible = () => document.visibilityState === "visible" && void tick();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [ref]);
  return { others: viewers.filter((v) => v.agentId !== meId), lastMessageId };
}
