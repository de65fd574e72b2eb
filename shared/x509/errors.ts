/** Thrown for anything that is not a readable X.509 certificate, so callers catch one type. */
export class CertificateParseError extends Error {
  override name = "CertificateParseError";

  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
  }
}
