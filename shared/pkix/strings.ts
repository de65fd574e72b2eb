/**
 * Text of DER character strings the schema classes leave as raw bytes: the FNS identifiers
 * (ИНН, ОГРН, СНИЛС, ...) are NumericString, which is not part of X.520 DirectoryString, and
 * extension values such as subjectSignTool are a bare string.
 */
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";
import { toHex } from "../encoding.ts";
import { isSingleValue } from "./single-value.ts";

/** The string types found in certificates besides DirectoryString's own. */
export class AnyString {
  utf8?: string;
  bmp?: string;
  numeric?: string;
  printable?: string;
  ia5?: string;
  visible?: string;

  text(): string {
    return this.utf8 ?? this.bmp ?? this.numeric ?? this.printable ?? this.ia5 ?? this.visible ?? "";
  }
}
AsnType({ type: AsnTypeTypes.Choice })(AnyString);
AsnProp({ type: AsnPropTypes.Utf8String })(AnyString.prototype, "utf8");
AsnProp({ type: AsnPropTypes.BmpString })(AnyString.prototype, "bmp");
AsnProp({ type: AsnPropTypes.NumericString })(AnyString.prototype, "numeric");
AsnProp({ type: AsnPropTypes.PrintableString })(AnyString.prototype, "printable");
AsnProp({ type: AsnPropTypes.IA5String })(AnyString.prototype, "ia5");
AsnProp({ type: AsnPropTypes.VisibleString })(AnyString.prototype, "visible");

/** Text of one DER-encoded string value; "#" + hex (the RFC 4514 form) for any other value. */
export function decodeDerString(der: Uint8Array): string {
  if (!isSingleValue(der)) return `#${toHex(der)}`;
  try {
    return AsnConvert.parse(der, AnyString).text();
  } catch {
    return `#${toHex(der)}`;
  }
}
