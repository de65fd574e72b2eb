import type { ModuleStatus } from "../../../../shared/protocol/index.ts";
import { t } from "../../ui/i18n.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** A library that failed to load is shown, so the user learns why their token is missing. */
export function ModuleProblems({ modules }: { modules: ModuleStatus[] }) {
  const failed = modules.filter((m) => !m.loaded && m.error);
  if (failed.length === 0) return null;
  return (
    <section class="modules" aria-label={t("moduleFailed", "")}>
      {failed.map((m) => (
        <details key={m.path}>
          <summary>{t("moduleFailed", m.name)}</summary>
          <ErrorNotice error={m.error!} />
        </details>
      ))}
    </section>
  );
}
