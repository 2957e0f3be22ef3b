// A labelled drop-down over a fixed set of values (statuses, priorities, …), each shown by its message `prefix.value`.
import type { MessageKey } from "../../../common/i18n/index.ts";
import { useT } from "../lib/i18n.ts";
import { SelectField } from "./select-field.tsx";

/** The values that have a message under `prefix.`. */
type KeySuffix<P extends string, K extends string = MessageKey> = K extends `${P}.${infer S}` ? S : never;

type Props<P extends string> = {
  label: string;
  prefix: P;
  values: readonly KeySuffix<P>[];
  value: string;
  onChange(value: string): void;
  empty?: string;
  class?: string;
};

export function EnumSelect<P extends string>({ prefix, values, ...rest }: Props<P>) {
  const t = useT();
  const options = values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  return <SelectField options={options} {...rest} />;
}
