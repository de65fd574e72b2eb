import { HRESULT, PageError, type PageBackend } from "../backend.ts";
import { About } from "./about.ts";
import { asyncProxy, type CadesObject, type CadesProxy } from "./async-proxy.ts";
import { CPAttribute } from "./attribute.ts";
import { Certificate } from "./certificate.ts";
import { CX500DistinguishedName } from "./enrollment/distinguished-name.ts";
import { CX509Enrollment } from "./enrollment/enrollment.ts";
import {
  CCertificatePolicies,
  CCertificatePolicy,
  CX509Extension,
  CX509ExtensionCertificatePolicies,
  CX509ExtensionEnhancedKeyUsage,
  CX509ExtensionKeyUsage,
  X509Extensions,
} from "./enrollment/extensions.ts";
import { CCspInformation, CCspInformations } from "./enrollment/csp-information.ts";
import { CObjectId, CObjectIds } from "./enrollment/object-id.ts";
import { CX509PrivateKey } from "./enrollment/private-key.ts";
import { CX509CertificateRequestPkcs10 } from "./enrollment/request.ts";
import { HashedData } from "./hashed-data.ts";
import { RawSignature } from "./raw-signature.ts";
import { CadesSignedData } from "./signed-data.ts";
import { CPSigner } from "./signer.ts";
import { Store } from "./store.ts";

type Factory = (backend: PageBackend) => CadesObject;

/** ProgIDs, lower-cased: pages spell them freely ("CAdESCOM.store", "CADESCOM.CPAttribute"). */
const FACTORIES: Readonly<Record<string, Factory>> = {
  "cadescom.about": (b) => new About(b),
  "cadescom.store": (b) => new Store(b),
  "capicom.store": (b) => new Store(b),
  "cadescom.certificate": () => new Certificate(),
  "capicom.certificate": () => new Certificate(),
  "cadescom.cpsigner": () => new CPSigner(),
  "cadescom.cpattribute": () => new CPAttribute(),
  "cadescom.cadessigneddata": (b) => new CadesSignedData(b),
  "cadescom.hasheddata": () => new HashedData(),
  "capicom.hasheddata": () => new HashedData(),
  "cadescom.rawsignature": (b) => new RawSignature(b),
  "x509enrollment.cx509privatekey": (b) => new CX509PrivateKey(b),
  "x509enrollment.cx509certificaterequestpkcs10": () => new CX509CertificateRequestPkcs10(),
  "x509enrollment.cx500distinguishedname": () => new CX500DistinguishedName(),
  "x509enrollment.cx509enrollment": (b) => new CX509Enrollment(b),
  "x509enrollment.cobjectid": () => new CObjectId(),
  "x509enrollment.cobjectids": () => new CObjectIds(),
  "x509enrollment.cx509extensions": () => new X509Extensions(),
  "x509enrollment.cx509extension": () => new CX509Extension(),
  "x509enrollment.cx509extensionkeyusage": () => new CX509ExtensionKeyUsage(),
  "x509enrollment.cx509extensionenhancedkeyusage": () => new CX509ExtensionEnhancedKeyUsage(),
  "x509enrollment.cx509extensioncertificatepolicies": () => new CX509ExtensionCertificatePolicies(),
  "x509enrollment.ccertificatepolicy": () => new CCertificatePolicy(),
  "x509enrollment.ccertificatepolicies": () => new CCertificatePolicies(),
  "x509enrollment.ccspinformation": () => new CCspInformation(),
  "x509enrollment.ccspinformations": () => new CCspInformations(),
};

/** The ProgIDs the shim answers, for documentation and tests. */
export const PROG_IDS: readonly string[] = Object.keys(FACTORIES);

/** cadesplugin.CreateObjectAsync: a new proxied object, or CO_E_CLASSSTRING for an unknown ProgID. */
export function createObjectAsync(backend: PageBackend, progId: unknown): Promise<CadesProxy> {
  const factory = typeof progId === "string" ? FACTORIES[progId.toLowerCase()] : undefined;
  if (!factory) {
    return Promise.reject(new PageError(HRESULT.unknownProgId, `Недопустимая строка с указанием класса ${String(progId)}`));
  }
  return Promise.resolve(asyncProxy(factory(backend)));
}
