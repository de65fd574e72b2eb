import { RESPONSE_PART_CHARS } from "./limits.ts";
import type { ResponsePart } from "./schemas.ts";

/**
 * Splits a serialized response into parts that each fit one frame. A boundary never falls
 * inside a surrogate pair, so every part is valid UTF-16 and survives UTF-8 encoding.
 */
export function splitSerialized(id: number, json: string, partChars = RESPONSE_PART_CHARS): ResponsePart[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(json.length, start + partChars);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(json.slice(start, end));
    start = end;
  }
  return chunks.map((chunk, part) => ({ id, part, parts: chunks.length, chunk }));
}

/** Collects parts per request id; returns the whole text once the last part arrives. */
export class PartAssembler {
  private readonly pending = new Map<number, string[]>();

  add(part: ResponsePart): string | undefined {
    const received = this.pending.get(part.id) ?? [];
    if (part.part !== received.length) {
      this.pending.delete(part.id);
      throw new Error(`response ${part.id}: part ${part.part} arrived after ${received.length} parts`);
    }
    received.push(part.chunk);
    if (received.length < part.parts) {
      this.pending.set(part.id, received);
      return undefined;
    }
    this.pending.delete(part.id);
    return received.join("");
  }

  drop(id: number): void {
    this.pending.delete(id);
  }
}
