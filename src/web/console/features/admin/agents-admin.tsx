// The team: roles, access to mailboxes, and disabling an account.
import { useState } from "preact/hooks";
import { agentsDirectory } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { roles, type Agent } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { listAgents, patchAgent, type AgentPatch } from "./admin.api.ts";
import { MailboxPicker } from "./mailbox-picker.tsx";

export function AgentsAdmin({ meId }: { meId: string }) {
  const t = useT();
  const agents = useResource(listAgents, []);
  const [error, setError] = useState<unknown>(null);

  const update = async (a: Agent, patch: AgentPatch) => {
    setError(null);
    try {
      const next = await patchAgent(a.id, patch);
      agents.setData((list) => list?.map((x) => (x.id === a.id ? next : x)));
      void agentsDirectory.refresh();
    } catch (err) {
      setError(err);
    }
  };

  if (!agents.data) return agents.error ? <ErrorNotice error={agents.error} /> : <Loading />;
  return (
    <section aria-labelledby="agents-title">
      <h2 id="agents-title">{t("admin.agents")}</h2>
      <ErrorNotice error={error} />
      <table class="data-table" aria-label={t("admin.agents")}>
        <thead>
          <tr>
            <th>{t("admin.name")}</th>
            <th>{t("auth.email")}</th>
            <th>{t("admin.role")}</th>
            <th>{t("admin.mailboxes")}</th>
            <th>{t("admin.totp")}</th>
            <th>{t("admin.disabled")}</th>
          </tr>
        </thead>
        <tbody>
          {agents.data.map((a) => (
            <tr key={a.id} class={a.disabled ? "disabled" : undefined}>
              <td>{a.name}</td>
              <td class="mono">{a.email}</td>
              <td>
                <select aria-label={t("admin.roleOf", { name: a.name })} value={a.role} disabled={a.id === meId} onChange={(e) => void update(a, { role: e.currentTarget.value as Agent["role"] })}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {a.mailboxIds === "all" ? (
                  t("admin.allMailboxes")
                ) : (
                  <details>
                    <summary>{t("admin.mailboxCount", { n: a.mailboxIds.length })}</summary>
                    <MailboxPicker legend={t("admin.mailboxesOf", { name: a.name })} value={a.mailboxIds} onChange={(ids) => void update(a, { mailboxIds: ids })} />
                  </details>
                )}
              </td>
              <td>{a.totpEnabled ? t("common.yes") : t("common.no")}</td>
              <td>
                <input type="checkbox" aria-label={t("admin.disableAgent", { name: a.name })} checked={a.disabled} disabled={a.id === meId} onChange={(e) => void update(a, { disabled: e.currentTarget.checked })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
