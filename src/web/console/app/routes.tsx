// Which page a hash shows, for a signed-in agent. Features are composed here and never import each other.
import { AdminPage } from "../features/admin/index.ts";
import { HelpCentreAdminPage } from "../features/help-centre-admin/index.ts";
import { CustomerPage, CustomerPanel } from "../features/customers/index.ts";
import { InboxPage, readFilters } from "../features/inbox/index.ts";
import { SearchPage } from "../features/search/index.ts";
import { SettingsPage } from "../features/settings/index.ts";
import { SurveysPage } from "../features/surveys/index.ts";
import { TicketPage } from "../features/ticket/index.ts";
import { useT } from "../lib/i18n.ts";
import { buildHash, type Location } from "../lib/router.ts";
import { viewIds, type ViewId } from "../lib/types.ts";

export const defaultView: ViewId = "all";

const isView = (s: string | undefined): s is ViewId => (viewIds as readonly string[]).includes(s ?? "");

export function Routes({ location }: { location: Location }) {
  const t = useT();
  const [first, second] = location.path;
  switch (first) {
    case undefined:
    case "inbox":
      return <InboxPage view={isView(second) ? second : defaultView} filters={readFilters(location.query)} />;
    case "tickets":
      return second ? (
        <TicketPage
          key={second}
          ticketRef={second}
          renderSide={(d) => d.ticket.customerId && <CustomerPanel customerId={d.ticket.customerId} currentTicketId={d.ticket.id} />}
        />
      ) : (
        <InboxPage view={defaultView} filters={{}} />
      );
    case "search":
      return <SearchPage params={{ q: location.query.get("q") ?? "", status: location.query.get("status") ?? "", mailbox: location.query.get("mailbox") ?? "" }} />;
    case "customers":
      return second ? <CustomerPage customerId={second} /> : null;
    case "admin":
      return <AdminPage tab={second} />;
    case "help-centre":
      return <HelpCentreAdminPage tab={second} />;
    case "settings":
      return <SettingsPage />;
    case "surveys":
      return <SurveysPage />;
    default:
      return (
        <main class="page">
          <h1>{t("common.notFound")}</h1>
          <a href={buildHash(["inbox"])}>{t("nav.inbox")}</a>
        </main>
      );
  }
}
