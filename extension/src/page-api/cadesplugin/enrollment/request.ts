import { ATTRIBUTE_TYPES } from "../../../../../shared/x509/index.ts";
import type { PageCsrRequest } from "../../backend.ts";
import { CadesObject } from "../async-proxy.ts";
import { invalidArg } from "../errors.ts";
import { CX500DistinguishedName } from "./distinguished-name.ts";
import { X509Extensions, type CsrExtensions } from "./extensions.ts";
import { CX509PrivateKey } from "./private-key.ts";

/** The backend's subject from the DN's attributes; each one must be a field the host signs. */
function subjectOf(name: CX500DistinguishedName): PageCsrRequest["subject"] {
  const fields: Record<string, string> = {};
  for (const { oid, value } of name.attributes()) {
    const field = ATTRIBUTE_TYPES[oid]?.field;
    if (!field) throw invalidArg(`Атрибут ${ATTRIBUTE_TYPES[oid]?.name ?? oid} в имени запроса не поддерживается`);
    if (field in fields) throw invalidArg(`Атрибут ${ATTRIBUTE_TYPES[oid]?.name ?? oid} повторяется`);
    fields[field] = value;
  }
  const { commonName, ...rest } = fields;
  if (!commonName) throw invalidArg("В имени запроса нет CN");
  return { ...rest, commonName };
}

/**
 * X509Enrollment.CX509CertificateRequestPkcs10: InitializeFromPrivateKey(context, key,
 * template), Subject, X509Extensions. It only collects; CX509Enrollment.CreateRequest
 * makes the key and has the token sign the request.
 */
export class CX509CertificateRequestPkcs10 extends CadesObject {
  #key: CX509PrivateKey | null = null;
  #subject: CX500DistinguishedName | null = null;
  readonly #extensions = new X509Extensions();

  InitializeFromPrivateKey(_context: number, key: unknown, _template?: string): void {
    if (!(key instanceof CX509PrivateKey)) throw invalidArg("Ожидался объект CX509PrivateKey");
    this.#key = key;
  }

  get PrivateKey(): CX509PrivateKey | null {
    return this.#key;
  }

  get Subject(): CX500DistinguishedName | null {
    return this.#subject;
  }

  set Subject(subject: CX500DistinguishedName | null) {
    if (!(subject instanceof CX500DistinguishedName)) throw invalidArg("Ожидался объект CX500DistinguishedName");
    this.#subject = subject;
  }

  get X509Extensions(): X509Extensions {
    return this.#extensions;
  }

  /** Generates the key (once) and returns what backend.createRequest needs. */
  async build(): Promise<PageCsrRequest> {
    if (!this.#key) throw invalidArg("Запрос не инициализирован ключом");
    if (!this.#subject) throw invalidArg("Не задано имя субъекта запроса");
    const subject = subjectOf(this.#subject);
    const extensions: CsrExtensions = {};
    for (const ext of this.#extensions.values()) ext.applyTo(extensions);
    const { keyRef } = await this.#key.key(subject);
    return { keyRef, subject, ...(Object.keys(extensions).length ? { extensions } : {}) };
  }
}
