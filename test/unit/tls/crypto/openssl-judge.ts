/**
 * OpenSSL with the GOST engine as the independent judge of the TLS primitives: binary input
 * and output go through files in the judge's temporary directory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gostOpenssl, type GostOpenssl } from "../../x509/openssl-gost.ts";

export interface OpensslJudge {
  /** `openssl enc -CIPHER -K key -iv iv` over data, the output bytes. */
  enc(cipher: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array;
  /** `openssl dgst -mac NAME -macopt hexkey:…` (with extra -macopt/-args), the MAC bytes. */
  mac(args: string[], data: Uint8Array): Uint8Array;
  dispose(): void;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export function opensslJudge(): OpensslJudge {
  const openssl: GostOpenssl = gostOpenssl();
  let serial = 0;
  const input = (data: Uint8Array): string => {
    const name = `in-${serial++}.bin`;
    writeFileSync(join(openssl.dir, name), data);
    return name;
  };
  return {
    enc(cipher, key, iv, data) {
      const out = `out-${serial++}.bin`;
      openssl.run(["enc", `-${cipher}`, "-K", hex(key), ...(iv ? ["-iv", hex(iv)] : []), "-in", input(data), "-out", out]);
      return new Uint8Array(readFileSync(join(openssl.dir, out)));
    },
    mac(args, data) {
      const text = openssl.run(["dgst", ...args, "-r", input(data)]);
      const match = /^([0-9a-f]+) /.exec(text);
      if (!match) throw new Error(`unexpected openssl dgst output: ${text}`);
      return Uint8Array.from(Buffer.from(match[1]!, "hex"));
    },
    dispose: () => openssl.dispose(),
  };
}
