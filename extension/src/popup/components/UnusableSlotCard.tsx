import type { UnusableSlot } from "../../../../shared/protocol/index.ts";
import { t } from "../../ui/i18n.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** A slot whose token cannot be used: the user sees it is there and what is wrong with it. */
export function UnusableSlotCard({ slot }: { slot: UnusableSlot }) {
  const name = slot.label || slot.model || slot.slotDescription || t("slotNumber", slot.slotId);
  const meta = [...new Set([slot.manufacturer, slot.model, slot.slotDescription])].filter((part) => part && part !== name).join(" · ");
  return (
    <section class="token token-unusable" data-state={slot.state}>
      <div class="token-head">
        <h2 class="token-title">{name}</h2>
      </div>
      {(meta || slot.serial) && <p class="token-meta">{[meta, slot.serial && t("serial", slot.serial)].filter(Boolean).join(" · ")}</p>}
      {slot.state === "uninitialized" ? (
        <div class="notice">
          <p class="notice-message">{t("tokenUninitialized")}</p>
          <p class="notice-hint">{t("tokenUninitializedHint")}</p>
        </div>
      ) : (
        <>
          <p class="notice-message">{t("tokenUnreadable")}</p>
          {slot.error && <ErrorNotice error={slot.error} />}
        </>
      )}
    </section>
  );
}
