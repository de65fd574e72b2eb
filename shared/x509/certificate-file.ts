import { fromBase64 } from "../encoding.ts";

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/**
 * The DER in a certificate file as users have them: PEM (.pem, .crt, some .cer) is decoded,
 * anything else is returned as it is, for the parser to accept as DER or refuse.
 */
export function certificateFromFile(file: Uint8Array): Uint8Array {
  const pem = PEM.exec(new TextDecoder("latin1").decode(file));
  return pem ? fromBase64(pem[1]!.replace(/\s+/g, "")) : file;
}
