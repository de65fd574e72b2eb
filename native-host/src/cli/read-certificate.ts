import { KepError } from "../../../shared/protocol/index.ts";
import { readFileSync } from "node:fs";
import { certificateFromFile } from "../../../shared/x509/certificate-file.ts";

/** A certificate file as users have them: DER (.cer from a CA) or PEM (.pem, .crt). */
export function readCertificateFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new KepError("BAD_REQUEST", `cannot read ${path}: ${(error as Error).message}`);
  }
  return Buffer.from(certificateFromFile(bytes));
}
