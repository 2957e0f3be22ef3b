// The signed-in agent, shared by every feature through context (the app shell provides it).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Agent } from "./types.ts";

export type Session = {
  agent: Agent;
  /** Replaces the agent after a change (language, TOTP, password). */
  setAgent(agent: Agent): void;
  /** Ends this session (or every session) and returns to sign-in. */
  signOut(options?: { everywhere?: boolean }): Promise<void>;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in shell");
  return s;
}

export const canAdminister = (a: Agent) => a.role === "admin";
export const canManageCanned = (a: Agent) => a.role === "admin" || a.role === "supervisor";
export const canReadAudit = (a: Agent) => a.role === "admin" || a.role === "auditor";
export const canResolveAlerts = (a: Agent) => a.role === "admin" || a.role === "supervisor";
export const canSeeMailStatus = (a: Agent) => a.role === "admin" || a.role === "supervisor" || a.role === "auditor";
export const canWrite = (a: Agent) => a.role !== "auditor";
