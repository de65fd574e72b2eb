import * as v from "valibot";
import { Thumbprint } from "../../../shared/protocol/index.ts";

/** What the reissue assistant's content script asks the background; validated there, as the page it runs on is the site's. */
export const AssistantRequestSchema = v.variant("kind", [
  v.object({ kind: v.literal("status") }),
  v.object({ kind: v.literal("openCleanup") }),
  v.object({
    kind: v.literal("step"),
    step: v.picklist([1, 2, 3, 4, 5]),
    page: v.pipe(v.string(), v.maxLength(64)),
    done: v.boolean(),
    current: v.optional(Thumbprint),
  }),
]);
export type AssistantRequest = v.InferOutput<typeof AssistantRequestSchema>;

/** The runtime message: a request on the assistant channel. */
export type AssistantMessage = AssistantRequest & { channel: "assistant" };

/** What the background answers each request with. */
export interface AssistantResults {
  status: AssistantStatus;
  openCleanup: null;
  step: null;
}

/** What the reissue assistant on the tax service's pages learns from the background. */
export interface AssistantStatus {
  /** Initialised tokens inserted now; the reissue needs exactly one. */
  tokenCount: number;
  token: { label: string; serial: string; model: string; freeBytes: number | null; totalBytes: number | null } | null;
  /** Free memory against what a new key pair and certificate take; null when the token does not say. */
  enoughMemory: boolean | null;
  /** The certificate being reissued: the soonest-expiring valid FNS certificate with its key on the token. */
  current: { owner: string; issuer: string; isFns: boolean; daysLeft: number; thumbprint: string } | null;
  /** The newest certificate on the token whose key is there too: after step 5, the new one. */
  newest: { owner: string; notAfter: string; daysLeft: number; thumbprint: string; paired: boolean } | null;
  /** Where the open reissue run stands by the journal: shown on pages between steps. */
  lastStep: 1 | 2 | 3 | 4 | 5 | null;
  error?: string;
}
