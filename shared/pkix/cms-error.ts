/** Thrown for CMS input that cannot be read or uses an algorithm this verifier does not know. */
export class CmsError extends Error {
  override name = "CmsError";

  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
  }
}
