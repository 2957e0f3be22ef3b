// The console's language: the signed-in agent's, or before sign-in the last one used in this browser.
import { createContext } from "preact";
import { useContext, useMemo } from "preact/hooks";
import { createT, isLanguage, type Language, type Translate } from "../../../common/i18n/index.ts";

export const LanguageContext = createContext<Language>("en");

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useT(): Translate {
  const lang = useContext(LanguageContext);
  return useMemo(() => createT(lang), [lang]);
}

const storageKey = "paydesk.language";

export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved && isLanguage(saved)) return saved;
  } catch {
    // Storage may be disabled; fall through to the browser's preference.
  }
  return navigator.language?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function rememberLanguage(lang: Language) {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Not remembering is harmless.
  }
}
