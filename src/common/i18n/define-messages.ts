// A feature's own messages in both languages; the type makes zh-CN carry every key of en.
export type PortalLanguage = "en" | "zh-CN";
export type MessageTable<K extends string> = Record<K, string>;
export type Messages<K extends string> = { en: MessageTable<K>; "zh-CN": MessageTable<K> };

export function defineMessages<K extends string>(en: MessageTable<K>, zhCN: MessageTable<K>): Messages<K> {
  return { en, "zh-CN": zhCN };
}

/** A translator for one language: `{name}` placeholders are filled, unknown ones stay visible. */
export function messagesFor<K extends string>(messages: Messages<K>, lang: PortalLanguage) {
  const table = messages[lang];
  return (key: K, vars?: Record<string, string | number>): string => {
    const template = table[key] ?? messages.en[key] ?? key;
    return vars ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : template;
  };
}
