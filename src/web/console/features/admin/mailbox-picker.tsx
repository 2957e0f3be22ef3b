// Checkboxes for the mailboxes an agent belongs to.
import { useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";

export function MailboxPicker({ value, onChange, legend }: { value: string[]; onChange(ids: string[]): void; legend?: string }) {
  const t = useT();
  const mailboxes = useMailboxes();
  return (
    <fieldset class="mailbox-picker">
      <legend>{legend ?? t("admin.mailboxes")}</legend>
      {mailboxes.map((m) => (
        <label key={m.id} class="check">
          <input
            type="checkbox"
            checked={value.includes(m.id)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...value, m.id] : value.filter((x) => x !== m.id))}
          />
          <span>
            {m.name} &lt;{m.address}&gt;
          </span>
        </label>
      ))}
    </fieldset>
  );
}
