import { describe, expect, test } from "vitest";
import { PublicKey } from "../../../../extension/src/page-api/cadesplugin/certificate-members.ts";
import { parseCertificate } from "../../../../shared/x509/index.ts";
import { buildCertificate } from "../../x509/build-cert.ts";

// The world of the other page API tests holds GOST keys only; a CA's or a foreign site's
// certificate may carry ECDSA or RSA, which CryptoPro reports by their own sizes.
describe("PublicKey.Length for keys of other families", () => {
  test.each([
    ["ec", 256],
    ["rsa", 2048],
  ] as const)("%s key: %i bits", async (key, bits) => {
    const built = await buildCertificate({ subject: [["2.5.4.3", key]], key });
    const info = parseCertificate(built.der);
    expect(new PublicKey(info, { key: new Uint8Array(), parameters: new Uint8Array() }).Length).toBe(bits);
  });
});
