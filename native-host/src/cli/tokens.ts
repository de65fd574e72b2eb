import { describeError, type TokenInfo } from "../../../shared/protocol/index.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import type { CliContext } from "./context.ts";
import { pick } from "./lang.ts";
import { renderTable } from "./table.ts";
import { describeUnusable } from "./unusable-slot.ts";

function pinState(token: TokenInfo, ctx: CliContext): string {
  const { pin } = token;
  if (pin.locked) return pick(ctx.lang, "заблокирован", "locked");
  if (pin.finalTry) return pick(ctx.lang, "последняя попытка", "final try");
  if (pin.countLow) return pick(ctx.lang, "мало попыток", "few tries left");
  if (!pin.initialized) return pick(ctx.lang, "не задан", "not set");
  return pick(ctx.lang, "в порядке", "ok");
}

function memory(token: TokenInfo): string {
  const { freePublic, totalPublic } = token.memory;
  if (freePublic === null || totalPublic === null) return "—";
  return `${freePublic} / ${totalPublic}`;
}

export async function tokensCommand(ctx: CliContext): Promise<number> {
  const { tokens, unusable, modules } = await listTokens(ctx.registry);
  if (ctx.json) {
    console.log(JSON.stringify({ tokens, unusable, modules }, null, 2));
    return 0;
  }
  for (const failed of modules.filter((m) => m.error)) {
    const text = describeError(failed.error!, ctx.lang);
    console.error(`${failed.path}: ${text.message}`);
  }
  if (tokens.length === 0 && unusable.length === 0) {
    console.log(pick(ctx.lang, "Токены не найдены. Вставьте токен.", "No tokens found. Insert a token."));
    return 0;
  }
  if (tokens.length > 0) {
    const header =
      ctx.lang === "ru"
        ? ["Слот", "Метка", "Модель", "Серийный номер", "Свободно / всего, байт", "PIN-код"]
        : ["Slot", "Label", "Model", "Serial", "Free / total, bytes", "PIN"];
    console.log(
      renderTable(
        header,
        tokens.map((t) => [t.slotId, t.label, t.model, t.serial, memory(t), pinState(t, ctx)]),
      ),
    );
  }
  for (const slot of unusable) console.log(describeUnusable(slot, ctx.lang));
  return 0;
}
