import type { Revocation } from "../../../../shared/protocol/index.ts";
import type { NameInfo } from "../../../../shared/x509/types.ts";
import type { CertificateDetails, CertificateEntry, NamedOid } from "../../messaging/popup-model.ts";
import { formatDay } from "../model/dates.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";
import { saveDer } from "../download.ts";
import { cerFileName, cryptoProThumbprint } from "../model/format.ts";
import { RevocationCheck } from "./RevocationCheck.tsx";

/** Long names of the attributes a Russian qualified certificate carries, by OID. */
const ATTRIBUTE_TEXT: Readonly<Record<string, MessageKey>> = {
  "2.5.4.3": "attrCommonName",
  "2.5.4.4": "attrSurname",
  "2.5.4.42": "attrGivenName",
  "2.5.4.12": "attrTitle",
  "2.5.4.10": "attrOrganization",
  "2.5.4.11": "attrUnit",
  "2.5.4.7": "attrLocality",
  "2.5.4.8": "attrState",
  "2.5.4.9": "attrStreet",
  "2.5.4.6": "attrCountry",
  "1.2.840.113549.1.9.1": "attrEmail",
  "1.2.643.3.131.1.1": "inn",
  "1.2.643.100.4": "attrInnLe",
  "1.2.643.100.1": "attrOgrn",
  "1.2.643.100.5": "ogrnip",
  "1.2.643.100.3": "snils",
};

/** "Фамилия (SN)": the long name with the short one users see in CryptoPro; once when they are the same ("ИНН"). */
function attributeName(oid: string, short: string): string {
  const key = ATTRIBUTE_TEXT[oid];
  const long = key ? t(key) : short;
  return long === short ? short : `${long} (${short})`;
}

function NameList({ name }: { name: NameInfo }) {
  return (
    <dl class="name-list">
      {name.attributes.map((a, i) => (
        <div key={i} class="name-attr" data-oid={a.oid}>
          <dt title={a.oid}>{attributeName(a.oid, a.name)}</dt>
          <dd>{a.value}</dd>
        </div>
      ))}
    </dl>
  );
}

const named = (list: NamedOid[]) => list.map((o) => (o.name ? `${o.name} (${o.oid})` : o.oid)).join(", ") || "—";

export interface CertificateDetailsProps {
  id: string;
  entry: CertificateEntry;
  details: CertificateDetails;
  /** Asks the CA's CRL about this certificate; only the user's click calls it. */
  checkRevocation: () => Promise<Revocation>;
}

export function CertificateDetailsView({ id, entry, details: d, checkRevocation }: CertificateDetailsProps) {
  return (
    <div class="details" id={id}>
      <h3>{t("subject")}</h3>
      <NameList name={d.subject} />
      <h3>{t("issuer")}</h3>
      <NameList name={d.issuer} />
      <dl class="details-list">
        <dt>{t("serialNumber")}</dt>
        <dd class="details-serial">{d.serialNumber}</dd>
        <dt>{t("thumbprint")}</dt>
        <dd class="thumbprint">{cryptoProThumbprint(entry.thumbprint)}</dd>
        <dt>{t("validity")}</dt>
        <dd>{t("validRange", formatDay(d.notBefore), formatDay(d.notAfter))}</dd>
        <dt>{t("keyAlgorithm")}</dt>
        <dd class="details-algorithm">
          {d.keyAlgorithm}
          {d.paramSetName || d.paramSet ? `, ${d.paramSetName ?? d.paramSet}` : ""}
        </dd>
        <dt>{t("signatureAlgorithm")}</dt>
        <dd>{d.signatureAlgorithm}</dd>
        <dt>{t("keyUsage")}</dt>
        <dd>{d.keyUsage.join(", ") || "—"}</dd>
        <dt>{t("extendedKeyUsage")}</dt>
        <dd>{named(d.extendedKeyUsage)}</dd>
        <dt>{t("policies")}</dt>
        <dd class="details-policies">{named(d.policies)}</dd>
        <dt>{t("subjectSignTool")}</dt>
        <dd>{d.subjectSignTool ?? "—"}</dd>
        <dt>{t("issuerSignTool")}</dt>
        <dd class="details-issuer-sign-tool">
          {d.issuerSignTool ? (
            <>
              {d.issuerSignTool.signTool} ({d.issuerSignTool.signToolCertificate})
              <br />
              {d.issuerSignTool.caTool} ({d.issuerSignTool.caToolCertificate})
            </>
          ) : (
            "—"
          )}
        </dd>
        <dt>{t("tokenLabel")}</dt>
        <dd>
          {entry.label || "—"} · CKA_ID {entry.id || "—"}
        </dd>
      </dl>
      <RevocationCheck check={checkRevocation} />
      <button type="button" class="export-cer" onClick={() => saveDer(entry.der, cerFileName(d.owner, d.notAfter))}>
        {t("exportCer")}
      </button>
    </div>
  );
}
