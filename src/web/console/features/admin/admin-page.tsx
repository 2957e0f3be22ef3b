// Administration, one tab per concern; each role sees the tabs it may use.
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import { canAdminister, canManageCanned, canReadAudit, canSeeMailStatus, useSession } from "../../lib/session.ts";
import type { Agent } from "../../lib/types.ts";
import { AgentsAdmin } from "./agents-admin.tsx";
import { AuditLog } from "./audit-log.tsx";
import { CannedAdmin } from "./canned-admin.tsx";
import { InviteForm } from "./invite-form.tsx";
import { MailStatusPanel } from "./mail-status.tsx";

const tabs = [
  { id: "agents", label: "admin.agents", allowed: canAdminister },
  { id: "invite", label: "admin.invite", allowed: canAdminister },
  { id: "canned", label: "admin.canned", allowed: canManageCanned },
  { id: "audit", label: "admin.audit", allowed: canReadAudit },
  { id: "mail", label: "admin.mail", allowed: canSeeMailStatus },
] as const;

export const canOpenAdmin = (a: Agent) => tabs.some((tab) => tab.allowed(a));

export function AdminPage({ tab }: { tab: string | undefined }) {
  const t = useT();
  const { agent } = useSession();
  const mine = tabs.filter((x) => x.allowed(agent));
  const current = mine.find((x) => x.id === tab) ?? mine[0];
  if (!current) {
    return (
      <main class="page">
        <p>{t("admin.notAllowed")}</p>
      </main>
    );
  }
  return (
    <main class="page admin-page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t("nav.admin")}</h1>
      <nav class="tabs" aria-label={t("nav.admin")}>
        {mine.map((x) => (
          <a key={x.id} href={buildHash(["admin", x.id])} aria-current={x.id === current.id ? "page" : undefined}>
            {t(x.label)}
          </a>
        ))}
      </nav>
      {current.id === "agents" && <AgentsAdmin meId={agent.id} />}
      {current.id === "invite" && <InviteForm />}
      {current.id === "canned" && <CannedAdmin />}
      {current.id === "audit" && <AuditLog />}
      {current.id === "mail" && <MailStatusPanel />}
    </main>
  );
}
