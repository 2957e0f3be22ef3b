// A timestamp shown relative ("5 min ago") with the exact time on hover.
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { useLanguage } from "../lib/i18n.ts";

export function Time({ iso }: { iso: string | null | undefined }) {
  const lang = useLanguage();
  if (!iso) return null;
  return (
    <time dateTime={iso} title={formatDateTime(iso, lang)}>
      {formatRelative(iso, Date.now(), lang)}
    </time>
  );
}
