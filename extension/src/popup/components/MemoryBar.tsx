import type { TokenInfo } from "../../../../shared/protocol/index.ts";
import { formatBytes } from "../../ui/format.ts";
import { t } from "../../ui/i18n.ts";

/**
 * Certificates live in public memory; many tokens report one shared pool under both
 * headings, so adding public and private would count it twice.
 */
export function MemoryBar({ memory }: { memory: TokenInfo["memory"] }) {
  const { totalPublic: total, freePublic: free } = memory;
  if (total === null || free === null || total === 0) return null;
  const label = t("memoryFree", formatBytes(free), formatBytes(total));
  return (
    <div class="memory" data-free={free} data-total={total}>
      <meter min={0} max={total} value={total - free} low={total * 0.7} high={total * 0.9} optimum={0} aria-label={label} />
      <span class="muted">{label}</span>
    </div>
  );
}
