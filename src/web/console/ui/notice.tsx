// Error and status messages, announced to assistive technology.
import type { ComponentChildren } from "preact";
import { errorMessage } from "../lib/api.ts";
import { useT } from "../lib/i18n.ts";

export function ErrorNotice({ error, children }: { error: unknown; children?: ComponentChildren }) {
  if (!error) return null;
  return (
    <div class="notice notice-error" role="alert">
      {errorMessage(error)}
      {children}
    </div>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "warning" | "success"; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === "warning" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}
