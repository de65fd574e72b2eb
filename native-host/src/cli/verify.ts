import { readFileSync } from "node:fs";
import { verifyCms } from "../../../shared/pkix/cms-verify.ts";
import { parseCertificate } from "../../../shared/x509/index.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import type { Args } from "./args.ts";
import { CliError } from "./args.ts";
import type { CliContext } from "./context.ts";
import { pick } from "./lang.ts";

/** CMS files as users have them: DER (.sig, .p7s) or base64, which CryptoPro writes. */
function readCms(path: string): Uint8Array {
  const bytes = readFileSync(path);
  if (bytes[0] === 0x30) return bytes;
  return Buffer.from(bytes.toString("latin1").replace(/-----[^-]+-----|\s/g, ""), "base64");
}

/**
 * Checks a CAdES/CMS signature without a token: the signature with the signer's public key
 * (GOST R 34.10-2012 or ECDSA), the document's digest and signingCertificateV2. It does not
 * check the certificate chain or revocation.
 */
export async function verifyCommand(ctx: CliContext, args: Args): Promise<number> {
  const content = args.get("content");
  let result;
  try {
    result = await verifyCms(readCms(args.require("in")), content ? { content: readFileSync(content) } : {});
  } catch (error) {
    throw new CliError(pick(ctx.lang, `Подпись не читается: ${(error as Error).message}`, `The signature cannot be read: ${(error as Error).message}`));
  }
  const signers = result.signers.map((s) => {
    const info = parseCertificate(s.certificate);
    return {
      owner: info.owner,
      issuer: info.issuerName,
      thumbprint: certificateThumbprint(s.certificate),
      signingTime: s.signingTime?.toISOString() ?? null,
      algorithm: s.algorithm,
      signatureValid: s.signatureValid,
      digestMatches: s.digestMatches,
      signingCertificateV2: s.signingCertificateV2,
    };
  });
  const valid = signers.length > 0 && signers.every((s) => s.signatureValid && s.digestMatches && s.signingCertificateV2 !== "mismatch");
  if (ctx.json) {
    console.log(JSON.stringify({ valid, detached: result.detached, signers }, null, 2));
    return valid ? 0 : 1;
  }
  for (const s of signers) {
    console.log(`${pick(ctx.lang, "Подписант", "Signer")}: ${s.owner} (${s.issuer})`);
    console.log(`  ${pick(ctx.lang, "Отпечаток", "Thumbprint")}: ${s.thumbprint}; ${pick(ctx.lang, "время подписи", "signing time")}: ${s.signingTime ?? "—"}`);
    console.log(
      `  ${pick(ctx.lang, "Подпись", "Signature")}: ${s.signatureValid ? pick(ctx.lang, "верна", "valid") : pick(ctx.lang, "НЕВЕРНА", "INVALID")}; ${pick(ctx.lang, "документ", "document")}: ${s.digestMatches ? pick(ctx.lang, "не изменён", "unchanged") : pick(ctx.lang, "ИЗМЕНЁН", "CHANGED")}; signingCertificateV2: ${s.signingCertificateV2}`,
    );
  }
  console.log(
    valid
      ? pick(ctx.lang, "Подпись действительна (цепочка сертификатов не проверялась).", "The signature is valid (the certificate chain was not checked).")
      : pick(ctx.lang, "Подпись недействительна.", "The signature is NOT valid."),
  );
  return valid ? 0 : 1;
}
