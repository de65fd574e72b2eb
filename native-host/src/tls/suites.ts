/**
 * The cipher suites and protocol versions the client offers: GOST only, never anything to fall
 * back to. Names are OpenSSL's, which `--suite` takes; codes as OpenSSL 3 with gost-engine
 * sends them (the CryptoPro suite has two: its original 0xFF85 and the IANA 0xC102).
 */
export type RecordCipher = "gost89" | "magma" | "kuznyechik";

export interface CipherSuite {
  readonly name: string;
  readonly code: number;
  readonly cipher: RecordCipher;
  /** RFC 9189 suites exist in TLS 1.2 only; the CryptoPro suite in 1.0 to 1.2. */
  readonly minVersion: number;
}

export const TLS1_0 = 0x0301;
export const TLS1_1 = 0x0302;
export const TLS1_2 = 0x0303;

export const VERSION_NAMES: Readonly<Record<number, string>> = {
  [TLS1_0]: "TLSv1",
  [TLS1_1]: "TLSv1.1",
  [TLS1_2]: "TLSv1.2",
};

/** In order of preference: RFC 9189 first, as it has per-record keys and full-block MACs. */
export const CIPHER_SUITES: readonly CipherSuite[] = [
  { name: "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", code: 0xc100, cipher: "kuznyechik", minVersion: TLS1_2 },
  { name: "GOST2012-MAGMA-MAGMAOMAC", code: 0xc101, cipher: "magma", minVersion: TLS1_2 },
  { name: "IANA-GOST2012-GOST8912-GOST8912", code: 0xc102, cipher: "gost89", minVersion: TLS1_0 },
  { name: "LEGACY-GOST2012-GOST8912-GOST8912", code: 0xff85, cipher: "gost89", minVersion: TLS1_0 },
];

export function suiteByName(name: string): CipherSuite | undefined {
  return CIPHER_SUITES.find((suite) => suite.name === name.toUpperCase());
}

export function suiteByCode(code: number): CipherSuite | undefined {
  return CIPHER_SUITES.find((suite) => suite.code === code);
}
