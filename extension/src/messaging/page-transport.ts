import { fromBase64, toBase64 } from "../../../shared/encoding.ts";
import type { ErrorCode } from "../../../shared/protocol/errors.ts";
import type { PageKind } from "./page-request.ts";

/**
 * Messages between the page script (MAIN world), the bridge content script and the
 * background. Extension messaging is JSON, so byte arrays travel tagged as base64 and
 * are restored on the other side; everything else is plain JSON.
 */
export const PAGE_SOURCE = "kep-bridge:page";
export const EXTENSION_SOURCE = "kep-bridge:extension";

/** A request as the bridge sends it to the background, on the extension's page channel. */
export interface PageMessage {
  channel: "page";
  kind: PageKind;
  /** The request's params with byte arrays encoded. */
  params: unknown;
}

/** The background's answer to a PageMessage. */
export interface PageAnswer {
  ok: boolean;
  result?: unknown;
  /** The plug-in's HRESULT and message pages branch on, and kep-bridge's own code when the failure has one. */
  error?: { hresult: number; message: string; code?: ErrorCode };
}

/** The page script's window message to the bridge. */
export type PageCall = Omit<PageMessage, "channel"> & { source: typeof PAGE_SOURCE; id: number };

/** The bridge's window message back to the page script. */
export type PageReply = PageAnswer & { source: typeof EXTENSION_SOURCE; id: number };

type Bytes = { $bytes: string };

export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: toBase64(value) } satisfies Bytes;
  if (value instanceof ArrayBuffer) return { $bytes: toBase64(new Uint8Array(value)) } satisfies Bytes;
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
  }
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value !== null && typeof value === "object") {
    const bytes = (value as Partial<Bytes>).$bytes;
    if (typeof bytes === "string" && Object.keys(value).length === 1) return fromBase64(bytes);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeValue(v)]));
  }
  return value;
}
