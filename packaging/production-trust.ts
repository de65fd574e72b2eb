import { TRUSTED_EXTENSIONS, type TrustedExtension } from "../manifests/trusted-extensions.ts";

/**
 * The extensions a package's host manifests trust: the table's store ids, plus ids given
 * to `npm run package -- --trust-extension <id>` (a store id not yet in the table, or a
 * pilot build's). Never the development id: anyone can load the development build with its
 * published key, so a package trusting it would obey any unpacked copy.
 */
export function productionTrust(extraChromiumIds: readonly string[] = []): TrustedExtension[] {
  const development = new Set(TRUSTED_EXTENSIONS.filter((t) => !t.channels.includes("store")).map((t) => t.id));
  const refused = extraChromiumIds.filter((id) => development.has(id));
  if (refused.length > 0) {
    throw new Error(`id разработки ${refused.join(", ")} не ставится в пакеты / the development id ${refused.join(", ")} is never put into packages`);
  }
  const trusted = [
    ...TRUSTED_EXTENSIONS.filter((t) => t.channels.includes("store")),
    ...extraChromiumIds.map((id): TrustedExtension => ({ family: "chromium", id, channels: ["store"], source: "--trust-extension" })),
  ];
  if (!trusted.some((t) => t.family === "chromium")) {
    throw new Error(
      "нет id расширения из Chrome Web Store: впишите его в manifests/trusted-extensions.ts, когда магазин его присвоит, " +
        "или передайте --trust-extension <id> / no Chrome Web Store id yet: add it to manifests/trusted-extensions.ts " +
        "once the store assigns it, or pass --trust-extension <id>",
    );
  }
  return trusted;
}
