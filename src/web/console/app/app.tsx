// The console: finds out whether this browser is signed in, then shows sign-in or the shell.
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ForgotPasswordPage, InvitePage, ResetPasswordPage, SignInPage, type AuthStep } from "../features/auth/index.ts";
import { api, ApiError } from "../lib/api.ts";
import { clearDirectory } from "../lib/directory.ts";
import { initialLanguage, LanguageContext, rememberLanguage } from "../lib/i18n.ts";
import { live } from "../lib/live.ts";
import { navigate, useLocation } from "../lib/router.ts";
import { SessionContext, type Session } from "../lib/session.ts";
import type { Agent } from "../lib/types.ts";
import { createT, type MessageKey } from "../../../common/i18n/index.ts";
import { ErrorNotice } from "../ui/notice.tsx";
import { Routes } from "./routes.tsx";
import { Shell } from "./shell.tsx";

type Phase =
  | { kind: "loading" }
  | { kind: "failed"; error: unknown }
  | { kind: "signed_out"; notice: MessageKey | null; resume?: AuthStep }
  | { kind: "signed_in"; agent: Agent };

const publicPages = new Set(["forgot", "reset", "invite"]);

export function App() {
  const location = useLocation();
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [guestLanguage] = useState(initialLanguage);

  const boot = useCallback(async () => {
    try {
      const s = await api.get<{ agent: Agent; csrfToken: string }>("/api/session");
      // Signed in with a one-time password but not yet replaced: the server answers nothing else until it is.
      if (s.agent.mustChangePassword) setPhase({ kind: "signed_out", notice: null, resume: { kind: "password", agent: s.agent } });
      else setPhase({ kind: "signed_in", agent: s.agent });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setPhase({ kind: "signed_out", notice: null });
      else setPhase({ kind: "failed", error: err });
    }
  }, []);
  useEffect(() => void boot(), [boot]);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        setPhase((p) => (p.kind === "signed_in" ? { kind: "signed_out", notice: "auth.sessionEnded" } : p));
      }),
    [],
  );

  const signedIn = phase.kind === "signed_in";
  useEffect(() => {
    if (!signedIn) return;
    live.start();
    return () => {
      live.stop();
      clearDirectory();
    };
  }, [signedIn]);

  const onSignedIn = useCallback((agent: Agent) => {
    rememberLanguage(agent.language);
    setPhase({ kind: "signed_in", agent });
    if (publicPages.has(location.path[0] ?? "")) navigate(["inbox"], undefined, { replace: true });
  }, [location]);

  const session = useMemo<Session | null>(() => {
    if (phase.kind !== "signed_in") return null;
    return {
      agent: phase.agent,
      setAgent: (agent) => setPhase({ kind: "signed_in", agent }),
      async signOut(options) {
        try {
          if (options?.everywhere) await api.post("/api/session/revoke-all");
          else await api.del("/api/session");
        } catch {
          // Signed out locally either way; a stale server session expires by itself.
        }
        api.setCsrfToken(null);
        setPhase({ kind: "signed_out", notice: options?.everywhere ? "auth.signedOutEverywhere" : "auth.signedOut" });
        navigate([], undefined, { replace: true });
        // A fresh pre-session CSRF token for the next sign-in.
        await api.get("/api/session").catch(() => undefined);
      },
    };
  }, [phase]);

  const language = phase.kind === "signed_in" ? phase.agent.language : guestLanguage;
  const t = createT(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  let body;
  const page = location.path[0];
  if (phase.kind === "loading") body = <p class="boot">{t("common.loading")}</p>;
  else if (phase.kind === "failed")
    body = (
      <main class="auth-page">
        <ErrorNotice error={phase.error}>
          {" "}
          <button type="button" onClick={() => void boot()}>
            {t("common.retry")}
          </button>
        </ErrorNotice>
      </main>
    );
  else if (page === "forgot") body = <ForgotPasswordPage />;
  else if (page === "reset") body = <ResetPasswordPage token={location.query.get("token") ?? ""} />;
  else if (page === "invite") body = <InvitePage token={location.query.get("token") ?? ""} onSignedIn={onSignedIn} />;
  else if (phase.kind === "signed_out") body = <SignInPage onSignedIn={onSignedIn} notice={phase.notice ? t(phase.notice) : null} resume={phase.resume ?? null} />;
  else
    body = (
      <SessionContext.Provider value={session}>
        <Shell location={location}>
          <Routes location={location} />
        </Shell>
      </SessionContext.Provider>
    );

  return <LanguageContext.Provider value={language}>{body}</LanguageContext.Provider>;
}
