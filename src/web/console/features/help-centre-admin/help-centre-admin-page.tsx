// Help centre administration: the official-channel registry and FAQ articles, for admins.
import { buildHash } from "../../lib/router.ts";
import { canAdminister, useSession } from "../../lib/session.ts";
import { ChannelsAdmin } from "./channels-admin.tsx";
import { FaqAdmin } from "./faq-admin.tsx";
import { useHelpCentreT } from "./help-centre.messages.ts";

const tabs = ["channels", "faq"] as const;

export function HelpCentreAdminPage({ tab }: { tab: string | undefined }) {
  const t = useHelpCentreT();
  const { agent } = useSession();
  if (!canAdminister(agent)) {
    return (
      <main class="page">
        <p>{t("notAllowed")}</p>
      </main>
    );
  }
  const current = tabs.find((x) => x === tab) ?? "channels";
  return (
    <main class="page admin-page help-centre-admin" aria-labelledby="help-centre-title">
      <h1 id="help-centre-title">{t("title")}</h1>
      <nav class="tabs" aria-label={t("title")}>
        {tabs.map((x) => (
          <a key={x} href={buildHash(["help-centre", x])} aria-current={x === current ? "page" : undefined}>
            {t(x)}
          </a>
        ))}
      </nav>
      {current === "channels" ? <ChannelsAdmin /> : <FaqAdmin />}
    </main>
  );
}
