// The frame around every signed-in page: navigation, live-connection state, global shortcuts.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { canOpenAdmin } from "../features/admin/index.ts";
import { canSeeSurveys } from "../features/surveys/index.ts";
import { useT } from "../lib/i18n.ts";
import { live, type LiveState } from "../lib/live.ts";
import { buildHash, navigate, type Location } from "../lib/router.ts";
import { useSession } from "../lib/session.ts";
import { useShortcuts } from "../lib/shortcuts.ts";
import { ShortcutsHelp } from "./shortcuts-help.tsx";

export function Shell({ location, children }: { location: Location; children: ComponentChildren }) {
  const t = useT();
  const { agent, signOut } = useSession();
  const [help, setHelp] = useState(false);
  const [state, setState] = useState<LiveState>(live.state);
  useEffect(() => live.onState(setState), []);
  useShortcuts({
    "/": () => {
      if (location.path[0] === "search") document.querySelector<HTMLInputElement>("input[type=search]")?.focus();
      else navigate(["search"]);
    },
    "?": () => setHelp(true),
  });
  const section = location.path[0] ?? "inbox";
  const link = (id: string, path: string[], label: string) => (
    <a href={buildHash(path)} aria-current={section === id ? "page" : undefined}>
      {label}
    </a>
  );

  return (
    <div class="shell">
      <header class="topbar">
        <span class="brand">PayDesk</span>
        <nav aria-label={t("nav.main")} class="main-nav">
          {link("inbox", ["inbox"], t("nav.inbox"))}
          {link("search", ["search"], t("nav.search"))}
          {canSeeSurveys(agent) && link("surveys", ["surveys"], t("nav.surveys"))}
          {canOpenAdmin(agent) && link("admin", ["admin"], t("nav.admin"))}
          {agent.role === "admin" && link("help-centre", ["help-centre", "channels"], t("nav.helpCentre"))}
          {link("settings", ["settings"], t("nav.settings"))}
        </nav>
        <span class="spacer" />
        <span class={`live-dot live-${state}`} role="status" aria-label={t(`live.${state}`)} title={t(`live.${state}`)} />
        <button type="button" class="icon-button" aria-label={t("keys.title")} onClick={() => setHelp(true)}>
          ?
        </button>
        <span class="me">{agent.name}</span>
        <button type="button" onClick={() => void signOut()}>
          {t("nav.signOut")}
        </button>
      </header>
      <div class="content">{children}</div>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
