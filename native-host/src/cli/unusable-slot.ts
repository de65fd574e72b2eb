import { describeError, type Lang, type UnusableSlot } from "../../../shared/protocol/index.ts";
import { pick } from "./lang.ts";

/** One line for a slot whose token cannot be used: where it is, what it is, what is wrong. */
export function describeUnusable(slot: UnusableSlot, lang: Lang): string {
  const what = [slot.model || slot.slotDescription, slot.serial].filter(Boolean).join(", ");
  const where = pick(lang, `Слот ${slot.slotId}`, `Slot ${slot.slotId}`) + (what ? ` (${what})` : "");
  if (slot.state === "uninitialized") {
    return `${where}: ${pick(lang, "токен не инициализирован — его нужно отформатировать программой производителя", "the token is not initialised — format it with its vendor's tool")}`;
  }
  const reason = slot.error ? ` — ${describeError(slot.error, lang).message}` : "";
  return `${where}: ${pick(lang, "токен не читается", "the token cannot be read")}${reason}`;
}
