/**
 * Protocol version spoken between the extension and the native host. The major number
 * changes only when an old peer could misread a new message; minor and patch changes are
 * additive, so peers with the same major work together. 2.0 removed the chunked signing
 * commands (documents are hashed where they are): a 1.x peer learns that at the handshake,
 * not when the user signs. 2.1 added the GOST gateway's commands, 2.2 signHash and checkRevocation,
 * 2.3 the gateway's redirect key in gatewayStart's result.
 */
export const PROTOCOL_VERSION = "2.3.0";

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): SemVer | undefined {
  const match = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})$/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export type Compatibility = { ok: true } | { ok: false; update: "host" | "extension"; host: string; extension: string };

/** The older side is the one the user must update; an unreadable version counts as oldest. */
export function checkCompatibility(extension: string, host: string): Compatibility {
  const ext = parseVersion(extension);
  const hst = parseVersion(host);
  if (ext && hst && ext.major === hst.major) return { ok: true };
  const hostIsOlder = !hst || (ext !== undefined && hst.major < ext.major);
  return { ok: false, update: hostIsOlder ? "host" : "extension", host, extension };
}
