import { parseCertificate } from "../../../../../shared/x509/index.ts";
import { HRESULT, PageError, type PageBackend } from "../../backend.ts";
import { CadesObject } from "../async-proxy.ts";
import { invalidArg } from "../errors.ts";
import { decodeBytes, encodeBytes } from "./encoded-string.ts";
import { CX509CertificateRequestPkcs10 } from "./request.ts";

/**
 * X509Enrollment.CX509Enrollment. CreateRequest is the step where CertEnroll makes the
 * key pair, so the token key is generated here (after the user confirms in the
 * extension), then the token signs the PKCS#10. InstallResponse writes the issued
 * certificate next to its key; install restrictions and the password are not needed by a
 * token (the extension asks for the PIN), and a PKCS#7 chain response is refused because
 * only the end-entity certificate belongs on the token.
 */
export class CX509Enrollment extends CadesObject {
  #request: CX509CertificateRequestPkcs10 | null = null;

  constructor(private readonly backend: PageBackend) {
    super();
  }

  Initialize(_context: number): void {
    this.#request = null;
  }

  InitializeFromRequest(request: unknown): void {
    if (!(request instanceof CX509CertificateRequestPkcs10)) {
      throw invalidArg("Ожидался объект CX509CertificateRequestPkcs10");
    }
    this.#request = request;
  }

  get Request(): CX509CertificateRequestPkcs10 | null {
    return this.#request;
  }

  async CreateRequest(encoding: number = 1): Promise<string> {
    if (!this.#request) throw invalidArg("Запрос не задан (InitializeFromRequest)");
    const der = await this.backend.createRequest(await this.#request.build());
    return encodeBytes(der, encoding);
  }

  async InstallResponse(_restrictions: number, response: string, encoding: number, _password?: string): Promise<void> {
    const der = decodeBytes(response, encoding);
    try {
      parseCertificate(der);
    } catch {
      throw new PageError(HRESULT.badData, "Ответ УЦ не является сертификатом X.509");
    }
    await this.backend.installCertificate(der);
  }
}
