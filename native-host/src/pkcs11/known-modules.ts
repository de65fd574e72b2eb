/**
 * PKCS#11 libraries of the tokens our users have, per OS. Vendors move their files
 * between releases, so this is the one place to update; users can add paths in the
 * options page, and KEP_PKCS11_MODULES replaces the whole search.
 * Windows paths are relative to the system directory (%SystemRoot%\System32), which the
 * loader searches by name.
 */
export interface KnownModule {
  name: string;
  vendor: string;
  /** Whether the library implements GOST R 34.10-2012 keys. */
  gost: boolean;
  paths: Partial<Record<"linux" | "darwin" | "win32", string[]>>;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  {
    name: "Рутокен ЭЦП (Rutoken ECP)",
    vendor: "Актив",
    gost: true,
    paths: {
      linux: [
        "/usr/lib/librtpkcs11ecp.so",
        "/usr/lib64/librtpkcs11ecp.so",
        "/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so",
        "/opt/aktivco/rutokenecp/x86_64/librtpkcs11ecp.so",
      ],
      darwin: ["/Library/Frameworks/rtpkcs11ecp.framework/rtpkcs11ecp", "/usr/local/lib/librtpkcs11ecp.dylib"],
      win32: ["rtPKCS11ECP.dll"],
    },
  },
  {
    name: "JaCarta GOST / JaCarta-2 GOST",
    vendor: "Аладдин Р.Д.",
    gost: true,
    paths: {
      linux: ["/usr/lib/libjcPKCS11-2.so", "/usr/lib64/libjcPKCS11-2.so", "/usr/lib/x86_64-linux-gnu/libjcPKCS11-2.so", "/usr/lib/pkcs11/libjcPKCS11-2.so"],
      darwin: ["/Library/Frameworks/jcPKCS11-2.framework/jcPKCS11-2", "/usr/local/lib/libjcPKCS11-2.dylib"],
      win32: ["jcPKCS11-2.dll"],
    },
  },
  {
    name: "ESMART Token GOST",
    vendor: "ISBC",
    gost: true,
    paths: {
      linux: ["/usr/lib/libisbc_pkcs11_main.so", "/usr/lib64/libisbc_pkcs11_main.so", "/usr/lib/pkcs11/libisbc_pkcs11_main.so"],
      darwin: ["/usr/local/lib/libisbc_pkcs11_main.dylib"],
      win32: ["isbc_pkcs11_main.dll"],
    },
  },
  {
    name: "SafeNet eToken",
    vendor: "Thales",
    gost: false,
    paths: {
      linux: ["/usr/lib/libeTPkcs11.so", "/usr/lib64/libeTPkcs11.so"],
      darwin: ["/usr/local/lib/libeTPkcs11.dylib", "/Library/Frameworks/eToken.framework/Versions/A/libeToken.dylib"],
      win32: ["eTPKCS11.dll"],
    },
  },
  {
    name: "OpenSC",
    vendor: "OpenSC",
    gost: false,
    paths: {
      linux: ["/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib64/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so"],
      darwin: ["/Library/OpenSC/lib/opensc-pkcs11.so"],
      win32: ["opensc-pkcs11.dll"],
    },
  },
  {
    name: "SoftHSM 2",
    vendor: "OpenDNSSEC",
    gost: false,
    paths: {
      linux: ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib64/pkcs11/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"],
      darwin: ["/usr/local/lib/softhsm/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so"],
      win32: ["softhsm2-x64.dll"],
    },
  },
];

export function knownModuleName(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop()?.toLowerCase();
  return KNOWN_MODULES.find((m) => Object.values(m.paths).some((list) => list.some((p) => p === path || p.split(/[\\/]/).pop()?.toLowerCase() === base)))?.name;
}
