import { beforeAll, describe, expect, it } from "vitest";
import { verifyServerChain } from "../../native-host/src/tls/certificate-chain.ts";
import { TlsError } from "../../native-host/src/tls/errors.ts";
import { createGostTlsPki, type GostTlsPki } from "../fixtures/tls/gost-tls-pki.ts";

// Server chains made by OpenSSL with the GOST engine, judged without a connection.
describe("server certificate chain", () => {
  let pki: GostTlsPki;
  let viaIntermediate: { leaf: Buffer; intermediate: Buffer; notCa: Buffer; leafOfNotCa: Buffer };

  beforeAll(() => {
    pki = createGostTlsPki();
    const issue = (name: string, issuer: string, subject: string, extensions: string, algorithm = "gost2012_512") =>
      pki.issue(name, issuer, subject, algorithm, "A", extensions, 10).der;
    const serverExt = "basicConstraints=CA:FALSE\nsubjectAltName=DNS:lk.example\n";
    viaIntermediate = {
      // A 512-bit intermediate under the 256-bit root: both signature sizes on the path.
      intermediate: issue("sub-ca", "ca", "/CN=Sub CA", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n"),
      leaf: issue("leaf", "sub-ca", "/CN=lk.example", serverExt, "gost2012_256"),
      notCa: issue("not-ca", "ca", "/CN=Not a CA", "basicConstraints=CA:FALSE\n"),
      leafOfNotCa: issue("leaf-bad", "not-ca", "/CN=lk.example", serverExt, "gost2012_256"),
    };
  });

  const check = (chain: Uint8Array[], now = new Date()) => verifyServerChain({ chain, trustAnchors: [pki.caDer], hostName: "lk.example", now });
  const refusal = (chain: Uint8Array[], now?: Date): TlsError => {
    try {
      check(chain, now);
    } catch (error) {
      expect(error).toBeInstanceOf(TlsError);
      return error as TlsError;
    }
    throw new Error("the chain was accepted");
  };

  it("follows an intermediate CA the server sends, with or without the root after it", () => {
    expect(check([viaIntermediate.leaf, viaIntermediate.intermediate]).subject.commonName).toBe("lk.example");
    expect(check([viaIntermediate.leaf, viaIntermediate.intermediate, pki.caDer]).subject.commonName).toBe("lk.example");
  });

  it("refuses a chain missing its intermediate", () => {
    const error = refusal([viaIntermediate.leaf]);
    expect(error.code).toBe("TLS_SERVER_UNTRUSTED");
    expect(error.details).toMatchObject({ subject: "CN=lk.example", issuer: "CN=Sub CA" });
  });

  it("refuses an issuer that is not a CA", () => {
    const error = refusal([viaIntermediate.leafOfNotCa, viaIntermediate.notCa]);
    expect(error.code).toBe("TLS_SERVER_UNTRUSTED");
    expect(error.details?.problemEn).toMatch(/not a CA/);
  });

  it("refuses certificates outside their validity", () => {
    const later = new Date(Date.now() + 20 * 86_400_000);
    expect(refusal([viaIntermediate.leaf, viaIntermediate.intermediate], later).details?.problemEn).toMatch(/validity/);
  });

  it("refuses a certificate whose signature does not verify", () => {
    const forged = Buffer.from(viaIntermediate.leaf);
    forged[forged.length - 5]! ^= 1;
    expect(refusal([forged, viaIntermediate.intermediate]).code).toBe("TLS_SERVER_UNTRUSTED");
  });
});
