import pkcs11js from "../pkcs11/pkcs11js.ts";
import { KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { trimmed } from "../pkcs11/text.ts";
import { readCertificates } from "./inventory.ts";
import { pairObjects } from "./list-objects.ts";

/**
 * The inserted token that holds the certificate with this thumbprint (SHA-1, upper-case hex),
 * found without logging in: certificates are public objects. A slot that cannot be read (a
 * token pulled out meanwhile, an odd card) is skipped, as the token list skips it.
 */
export async function findCertificateToken(registry: ModuleRegistry, thumbprint: string): Promise<{ module: Pkcs11Module; ref: TokenRef }> {
  for (const module of registry.modules()) {
    const serial = await module.run((lib) => {
      for (const slot of lib.C_GetSlotList(true)) {
        let session: pkcs11js.Handle;
        try {
          session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
        } catch {
          continue;
        }
        try {
          const { certificates } = pairObjects([], readCertificates(lib, session), false);
          if (certificates.some((c) => c.thumbprint === thumbprint)) return trimmed(lib.C_GetTokenInfo(slot).serialNumber);
        } catch {
          continue;
        } finally {
          try {
            lib.C_CloseSession(session);
          } catch {
            // Gone with its token; nothing to close.
          }
        }
      }
      return undefined;
    });
    if (serial !== undefined) return { module, ref: { module: module.path, serial } };
  }
  throw new KepError("CERT_NOT_FOUND", `no inserted token holds certificate ${thumbprint}`);
}
