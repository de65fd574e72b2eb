/**
 * Where the gateway connects for a cabinet instead of resolving its name: KEP_GATEWAY_CONNECT
 * holds `host=address:port` pairs, comma-separated, as curl's --connect-to does. It exists for the
 * local test cabinet (tests, the demo); the host name for SNI, the certificate check and Host
 * stays the real one, so it cannot make the gateway trust another server.
 */
import { KepError } from "../../../shared/protocol/index.ts";
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";

export function connectOverrides(value: string | undefined): ((host: string) => { host: string; port: number }) | undefined {
  if (!value) return undefined;
  const table = new Map<string, { host: string; port: number }>();
  for (const entry of value.split(",")) {
    const match = /^([^=]+)=(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(entry.trim());
    const port = Number(match?.[4]);
    if (!match || !gostCabinetByHost(match[1]!) || port < 1 || port > 65535) throw new KepError("BAD_REQUEST", `KEP_GATEWAY_CONNECT: cannot read "${entry}"`);
    table.set(match[1]!.toLowerCase(), { host: match[2] ?? match[3]!, port });
  }
  return (host) => table.get(host) ?? { host, port: 443 };
}
