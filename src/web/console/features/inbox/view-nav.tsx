// The inbox views with their counts.
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import { viewIds, type ViewId } from "../../lib/types.ts";
import type { ViewCount } from "./inbox.api.ts";

export function ViewNav({ current, counts }: { current: ViewId; counts: ViewCount[] | undefined }) {
  const t = useT();
  return (
    <nav class="view-nav" aria-label={t("inbox.views")}>
      <ul>
        {viewIds.map((id) => {
          const view = counts?.find((c) => c.id === id);
          const count = view?.count;
          return (
            <li key={id}>
              <a href={buildHash(["inbox", id])} aria-current={id === current ? "page" : undefined} class={`view-${id}`}>
                <span>{t(`view.${id}`)}</span>
                {count !== undefined && (
                  <span class={count > 0 && (id === "breached" || id === "due_soon") ? "count hot" : "count"}>
                    {view?.capped ? `${count}+` : count}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
