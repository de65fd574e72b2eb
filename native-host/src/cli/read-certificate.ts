import { readFileSync } from "node:fs";
import { HostError } from "../errors.ts";

/** A certificate file as users have them: DER (.cer from a CA) or PEM (.pem, .crt). */
export function readCertificateFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new HostError("BAD_REQUEST", `cannot read ${path}: ${(error as Error).message}`);
  }
  const text = bytes.toString("latin1");
  const pem = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  return pem ? Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64") : bytes;
}
