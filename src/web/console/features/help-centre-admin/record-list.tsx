// The list half of a help-centre editor: load the records, delete one after asking, and show them in a
// table (or the loading, empty and error states instead).
import type { ComponentChildren } from "preact";
import { useResource, type Resource } from "../../lib/use-resource.ts";
import { useAction } from "../../lib/use-submit.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { useHelpCentreT } from "./help-centre.messages.ts";

export function useRecordList<T>(load: () => Promise<T[]>, remove: (record: T) => Promise<unknown>, nameOf: (record: T) => string) {
  const t = useHelpCentreT();
  const list = useResource(load, []);
  const removal = useAction(async (record: T) => {
    await remove(record);
    await list.reload();
  });
  const confirmRemove = (record: T) => {
    if (window.confirm(t("confirmDelete", { name: nameOf(record) }))) void removal.run(record);
  };
  return { list, error: removal.error, remove: confirmRemove };
}

type ListProps<T> = {
  list: Resource<T[]>;
  error: unknown;
  empty: string;
  /** The table's accessible name and its class. */
  label: string;
  class: string;
  headings: string[];
  /** One row per record; its last cell holds the row's actions. */
  children(records: T[]): ComponentChildren;
};

export function RecordTable<T>({ list, error, empty, label, class: className, headings, children }: ListProps<T>) {
  return (
    <>
      <ErrorNotice error={error ?? list.error} />
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.length === 0 ? (
        <p class="hint">{empty}</p>
      ) : (
        <table class={`data-table ${className}`} aria-label={label}>
          <thead>
            <tr>
              {headings.map((h) => (
                <th key={h}>{h}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>{children(list.data)}</tbody>
        </table>
      )}
    </>
  );
}

/** The last cell of a row: any extra links, then Edit and Delete. */
export function RowActions({ onEdit, onDelete, children }: { onEdit(): void; onDelete(): void; children?: ComponentChildren }) {
  const t = useHelpCentreT();
  return (
    <td class="row">
      {children}
      <button type="button" onClick={onEdit}>
        {t("edit")}
      </button>
      <button type="button" onClick={onDelete}>
        {t("delete")}
      </button>
    </td>
  );
}
