/**
 * Single ASN.1 values encoded by the schema library's own converters, for the open (ANY)
 * slots of the structures: attribute values, extension values, algorithm parameters.
 */
import {
  AsnAnyConverter,
  AsnIntegerConverter,
  AsnNumericStringConverter,
  AsnObjectIdentifierConverter,
  AsnOctetStringConverter,
  AsnParser,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  AsnUtf8StringConverter,
  type IAsnConverter,
} from "@peculiar/asn1-schema";

export const oidValue = (oid: string): ArrayBuffer => AsnObjectIdentifierConverter.toASN(oid).toBER();
export const integerValue = (value: number): ArrayBuffer => AsnIntegerConverter.toASN(value).toBER();
export const utf8Value = (text: string): ArrayBuffer => AsnUtf8StringConverter.toASN(text).toBER();
export const numericValue = (text: string): ArrayBuffer => AsnNumericStringConverter.toASN(text).toBER();
export const octetStringValue = (bytes: Uint8Array): ArrayBuffer => AsnOctetStringConverter.toASN(new Uint8Array(bytes).buffer).toBER();

/** A small INTEGER's value from its encoding; decorators applied as calls. */
class IntegerNumber {
  value = 0;
}
AsnType({ type: AsnTypeTypes.Choice })(IntegerNumber);
AsnProp({ type: AsnPropTypes.Integer })(IntegerNumber.prototype, "value");

/** Throws when `encoded` is not an INTEGER. */
export const integerNumber = (encoded: Uint8Array): number => AsnParser.parse(encoded, IntegerNumber).value;

/** Writes its bytes into the encoder's output as they are (the asn1js block interface the encoder calls). */
class EncodedBlock {
  constructor(private readonly bytes: ArrayBuffer) {}

  toBER(_sizeOnly?: boolean, writer?: { write(buffer: ArrayBuffer): void }): ArrayBuffer {
    writer?.write(this.bytes);
    return this.bytes;
  }
}

type AsnBlock = ReturnType<IAsnConverter["toASN"]>;

/**
 * For ANY slots that hold values already encoded (certificates, SignerInfos, attribute
 * values, a signed request info): the library's own ANY converter decodes every such value
 * and encodes it again on output (a CAdES built that way took 30 ms in-process on this loaded
 * machine, 2.6 ms with this converter); this one writes the bytes as they are, and reads
 * them as the library does.
 */
export const asEncoded: IAsnConverter<ArrayBuffer> = {
  fromASN: (value) => AsnAnyConverter.fromASN(value) ?? new ArrayBuffer(0),
  toASN: (value) => new EncodedBlock(value) as unknown as AsnBlock,
};

/** An element of a SET OF kept as encoded, for the same reason as `asEncoded`. */
export class Encoded {
  constructor(public bytes = new ArrayBuffer(0)) {}

  toASN(): AsnBlock {
    return asEncoded.toASN(this.bytes);
  }

  fromASN(value: AsnBlock): this {
    this.bytes = asEncoded.fromASN(value);
    return this;
  }
}
