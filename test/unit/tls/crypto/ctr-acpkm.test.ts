import { afterAll, describe, expect, it } from "vitest";
import { CtrAcpkmStream } from "../../../../native-host/src/tls/crypto/ctr-acpkm.ts";
import { CtrStream } from "../../../../native-host/src/tls/crypto/ctr.ts";
import { kuznyechik } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { magma } from "../../../../native-host/src/tls/crypto/magma.ts";
import { omac } from "../../../../native-host/src/tls/crypto/omac.ts";
import { tlsTree } from "../../../../native-host/src/tls/crypto/tlstree.ts";
import { opensslJudge } from "./openssl-judge.ts";
import { fromHex, inChunks, seededBytes, toHex } from "./vectors.ts";

const judge = opensslJudge();
afterAll(() => judge.dispose());

describe("CTR-ACPKM", () => {
  it.each([
    { name: "kuznyechik-ctr-acpkm", make: kuznyechik, section: 4096, ivLength: 8 },
    { name: "magma-ctr-acpkm", make: magma, section: 1024, ivLength: 4 },
  ])("agrees with openssl enc -$name across many sections, in any chunking", ({ name, make, section, ivLength }) => {
    const key = seededBytes(section, 32);
    const iv = seededBytes(section + 1, ivLength);
    const data = seededBytes(section + 2, 5 * section + 100);
    const expected = toHex(judge.enc(name, key, iv, data));
    expect(toHex(new CtrAcpkmStream(make, key, iv, section).process(data))).toBe(expected);
    const stream = new CtrAcpkmStream(make, key, iv, section);
    expect(toHex(inChunks((c) => stream.process(c), data, [section - 1, 2, 17, section]))).toBe(expected);
  });

  it("equals plain CTR within the first section", () => {
    const key = seededBytes(1, 32);
    const iv = seededBytes(2, 8);
    const data = seededBytes(3, 4096);
    expect(toHex(new CtrAcpkmStream(kuznyechik, key, iv, 4096).process(data))).toBe(toHex(new CtrStream(kuznyechik(key), iv).process(data)));
  });

  it("rejects a section that is not a positive multiple of the block", () => {
    expect(() => new CtrAcpkmStream(kuznyechik, new Uint8Array(32), new Uint8Array(8), 100)).toThrow(RangeError);
    expect(() => new CtrAcpkmStream(magma, new Uint8Array(32), new Uint8Array(4), 0)).toThrow(RangeError);
    expect(() => new CtrAcpkmStream(magma, new Uint8Array(32), new Uint8Array(8), 1024)).toThrow(RangeError);
  });
});

describe("a Kuznyechik CTR-OMAC record as gost-engine's test_tlstree.c protects it", () => {
  // MAC root FF…FF, encryption root and IV zero; MAC over seqnum ‖ header ‖ data with the
  // TLSTREE key, then data ‖ MAC encrypted with the TLSTREE key and IV + seqnum.
  const macRoot = new Uint8Array(32).fill(0xff);
  const encRoot = new Uint8Array(32);
  const protect = (seq: bigint, header: string, data: Uint8Array) => {
    const seqBytes = new Uint8Array(8);
    new DataView(seqBytes.buffer).setBigUint64(0, seq);
    const mac = omac(kuznyechik(tlsTree("kuznyechik", macRoot, seq)), Uint8Array.from([...seqBytes, ...fromHex(header), ...data]));
    const stream = new CtrAcpkmStream(kuznyechik, tlsTree("kuznyechik", encRoot, seq), seqBytes, 4096);
    return { mac, encrypted: Uint8Array.from([...stream.process(data), ...stream.process(mac)]) };
  };

  it("record 0: 15 zero bytes", () => {
    const { mac, encrypted } = protect(0n, "170303000f", new Uint8Array(15));
    expect(toHex(mac)).toBe("755309cbc73bb949c50ebb86160a0fee");
    expect(toHex(encrypted)).toBe("f317a71d3ace433b01d4e7d4ef61ae00d53b41527a261edfc2ba7857c1932d");
  });

  it("record 63: 4096 zero bytes, the MAC in the second ACPKM section", () => {
    const { mac, encrypted } = protect(63n, "1703031000", new Uint8Array(4096));
    expect(toHex(mac)).toBe("0a3bfd430fcdd8d85c96468681784f7d");
    expect(toHex(encrypted.subarray(0, 32))).toBe("6a1838b0a0d5a04d1f2964896d085fb7da84d776c39f5cdc3720b7b559ef139d");
    expect(toHex(encrypted.subarray(encrypted.length - 48))).toBe(
      "0a81299b3598195dd45168a63850a76e1a4f1e6dd5ef72593fae765571ec37e717f5b86285bb5bfd83b66ab763865208",
    );
  });
});
