// A labelled drop-down: the label's text names the control, an optional first option stands for "no value".
export type SelectOption = { value: string; label: string; title?: string };

type Props = {
  label: string;
  options: readonly SelectOption[];
  value: string;
  onChange(value: string): void;
  /** Text of a leading option with the empty value ("Any", "—"); left out when not given. */
  empty?: string;
  class?: string;
};

export function SelectField({ label, options, value, onChange, empty, class: className }: Props) {
  return (
    <label class={className}>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
