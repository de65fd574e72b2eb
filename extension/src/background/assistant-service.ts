import { describeError, serializeError } from "../../../shared/protocol/index.ts";
import { fromBase64 } from "../../../shared/encoding.ts";
import { certificateStatus, parseCertificate } from "../../../shared/x509/index.ts";
import type { AssistantStatus } from "../messaging/assistant.ts";
import { journalList } from "../storage/index.ts";
import { stepOf } from "./journal-recorder.ts";
import { host } from "./host.ts";

/**
 * Room a new key pair and certificate need. A GOST key pair takes about 1 KiB on a
 * Rutoken and an FNS certificate under 2 KiB; the margin covers other tokens' overhead.
 */
export const REISSUE_BYTES = 4096;

async function lastStep(): Promise<AssistantStatus["lastStep"]> {
  const run = (await journalList()).find((r) => r.status === "inProgress");
  const max = Math.max(0, ...(run?.steps ?? []).map((s) => stepOf(s.step) ?? 0));
  return max >= 1 && max <= 5 ? (max as 1 | 2 | 3 | 4 | 5) : null;
}

/** The checks the assistant shows before each step, from what the tokens hold now. */
export async function assistantStatus(now = new Date()): Promise<AssistantStatus> {
  const step = await lastStep().catch(() => null);
  try {
    await host.handshake();
    const { tokens } = await host.call("listTokens", {});
    const initialised = tokens.filter((t) => t.initialized);
    if (initialised.length !== 1) return { tokenCount: initialised.length, token: null, enoughMemory: null, current: null, newest: null, lastStep: step };
    const token = initialised[0]!;
    const objects = await host.call("listObjects", { token: { module: token.module, serial: token.serial } });
    const free = token.memory.freePublic;
    const withKeys = objects.certificates.flatMap((cert) => {
      try {
        const info = parseCertificate(fromBase64(cert.der));
        return [{ cert, info, status: certificateStatus(info, { now }) }];
      } catch {
        return [];
      }
    });
    const current = withKeys
      .filter((c) => c.cert.key && c.status.status !== "expired" && c.status.status !== "notYetValid" && c.info.isFnsIssuer)
      .sort((a, b) => a.info.notAfter.getTime() - b.info.notAfter.getTime())[0];
    const newest = [...withKeys].sort((a, b) => b.info.notBefore.getTime() - a.info.notBefore.getTime())[0];
    return {
      tokenCount: 1,
      token: { label: token.label, serial: token.serial, model: token.model, freeBytes: free, totalBytes: token.memory.totalPublic },
      enoughMemory: free === null ? null : free >= REISSUE_BYTES,
      current: current
        ? {
            owner: current.info.owner,
            issuer: current.info.issuerName,
            isFns: current.info.isFnsIssuer,
            daysLeft: current.status.daysLeft,
            thumbprint: current.cert.thumbprint,
          }
        : null,
      newest: newest
        ? {
            owner: newest.info.owner,
            notAfter: newest.info.notAfter.toISOString(),
            daysLeft: newest.status.daysLeft,
            thumbprint: newest.cert.thumbprint,
            paired: newest.cert.key !== null,
          }
        : null,
      lastStep: step,
    };
  } catch (error) {
    const text = describeError(serializeError(error), "ru");
    return { tokenCount: 0, token: null, enoughMemory: null, current: null, newest: null, lastStep: step, error: `${text.message} ${text.hint}` };
  }
}
