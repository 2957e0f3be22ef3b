// The list of keyboard shortcuts, opened with "?".
import { useT } from "../lib/i18n.ts";
import { Dialog } from "../ui/dialog.tsx";

const keys = [
  ["j / k", "keys.move"],
  ["Enter", "keys.open"],
  ["x", "keys.select"],
  ["r", "keys.reply"],
  ["n", "keys.note"],
  ["a", "keys.assignMe"],
  ["u", "keys.back"],
  ["/", "keys.search"],
  ["?", "keys.help"],
  ["Ctrl + Enter", "keys.send"],
] as const;

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const t = useT();
  return (
    <Dialog title={t("keys.title")} onClose={onClose}>
      <dl class="shortcuts">
        {keys.map(([k, label]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
