import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ResultOf } from "../../shared/protocol/index.ts";
import { HOST_LAUNCHER } from "../fixtures/paths.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { createSoftHsmToken, type SoftHsmToken } from "../fixtures/softhsm-token.ts";

// The built host, started as the browser starts it, against a SoftHSM2 token set up by
// the test: certificates valid, expiring in 10 days and expired, two with key pairs.
describe("native host over stdio with SoftHSM2", () => {
  let token: SoftHsmToken;
  let host: HostProcess;

  beforeAll(async () => {
    expect(existsSync(HOST_LAUNCHER), "run npm run build first").toBe(true);
    token = await createSoftHsmToken();
    host = new HostProcess(token.env);
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it("refuses commands before the handshake", async () => {
    const response = await host.request("listTokens");
    expect(response).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: "handshake first" } });
  });

  it("reports a major protocol mismatch as 'update', not a crash", async () => {
    const response = await host.request("handshake", { protocol: "99.0.0", client: "future extension" });
    expect(response).toMatchObject({
      ok: false,
      error: { code: "VERSION_MISMATCH", details: { update: "host", host: PROTOCOL_VERSION, extension: "99.0.0" } },
    });
  });

  it("answers the handshake with its versions and the loaded module", async () => {
    const response = await host.handshake();
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    const result = response.result as ResultOf<"handshake">;
    expect(result.protocol).toBe(PROTOCOL_VERSION);
    expect(result.host.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.modules).toEqual([expect.objectContaining({ path: token.module, loaded: true, name: expect.stringMatching(/SoftHSM/) })]);
    expect(result.logFile.startsWith(host.stateDir)).toBe(true);
  });

  it("lists the token with its serial, memory and PIN state", async () => {
    const response = await host.request("listTokens");
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    const { tokens } = response.result as ResultOf<"listTokens">;
    const listed = tokens.find((t) => t.serial === token.serial);
    expect(listed).toMatchObject({
      module: token.module,
      label: token.label,
      manufacturer: "SoftHSM project",
      model: "SoftHSM v2",
      initialized: true,
      loginRequired: true,
      pin: { initialized: true, countLow: false, finalTry: false, locked: false },
    });
    // SoftHSM2 reports no memory figures; they travel as null, not as huge numbers.
    expect(listed!.memory.totalPublic === null || typeof listed!.memory.totalPublic === "number").toBe(true);
  });

  it("lists exactly the certificates on the token and pairs them with their keys", async () => {
    const response = await host.request("listObjects", { token: { module: token.module, serial: token.serial } });
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    const result = response.result as ResultOf<"listObjects">;
    expect(result.loggedIn).toBe(false);
    expect(result.certificates.map((c) => c.thumbprint).sort()).toEqual(token.certificates.map((c) => c.thumbprint).sort());
    for (const placed of token.certificates) {
      const listed = result.certificates.find((c) => c.thumbprint === placed.thumbprint)!;
      expect(Buffer.from(listed.der, "base64").equals(Buffer.from(placed.der))).toBe(true);
      expect(listed.id).toBe(placed.id);
      expect(listed.label).toBe(placed.spec.label);
      if (placed.spec.withKey) {
        expect(listed.key).toEqual({ id: placed.id, by: "both", idMismatch: false });
      } else {
        expect(listed.key).toBeNull();
      }
    }
    const withKeys = token.certificates.filter((c) => c.spec.withKey);
    expect(result.keys.map((k) => k.id).sort()).toEqual(withKeys.map((c) => c.id).sort());
    for (const key of result.keys) {
      expect(key.keyType).toBe("EC");
      expect(key.paramSet).toBe("1.2.840.10045.3.1.7");
      expect(key.hasPublicKey).toBe(true);
      // Private keys stay hidden until login.
      expect(key.hasPrivateKey).toBeNull();
      expect(key.certificates).toHaveLength(1);
    }
  });

  it("answers TOKEN_NOT_PRESENT for a serial that is not inserted", async () => {
    const response = await host.request("listObjects", { token: { module: token.module, serial: "nosuchserial" } });
    expect(response).toMatchObject({ ok: false, error: { code: "TOKEN_NOT_PRESENT" } });
  });

  it("writes nothing but frames to stdout and keeps the log free of stack traces", async () => {
    const { code } = await host.stop();
    expect(code).toBe(0);
    expect(host.stderr).toBe("");
    expect(host.log).toMatch(/host started/);
    expect(host.log).toMatch(/input closed/);
  });
});

describe("module discovery failures", () => {
  it("names a missing or non-PKCS#11 library and keeps the working one", async () => {
    const token = await createSoftHsmToken([]);
    const notPkcs11 = "/usr/lib/x86_64-linux-gnu/libz.so.1";
    const host = new HostProcess({ ...token.env, KEP_PKCS11_MODULES: `/nonexistent/librtpkcs11ecp.so:${notPkcs11}:${token.module}` });
    try {
      const response = await host.handshake();
      if (!response.ok) throw new Error(JSON.stringify(response.error));
      const { modules } = response.result as ResultOf<"handshake">;
      expect(modules.find((m) => m.path === token.module)?.loaded).toBe(true);
      const missing = modules.find((m) => m.path === "/nonexistent/librtpkcs11ecp.so")!;
      expect(missing).toMatchObject({ loaded: false, name: expect.stringMatching(/Rutoken/), error: { code: "MODULE_LOAD_FAILED" } });
      expect(missing.error!.message).toContain("/nonexistent/librtpkcs11ecp.so");
      expect(modules.find((m) => m.path === notPkcs11)).toMatchObject({ loaded: false, error: { code: "MODULE_LOAD_FAILED" } });
      const tokens = await host.request("listTokens");
      expect(tokens.ok && (tokens.result as ResultOf<"listTokens">).tokens.map((t) => t.serial)).toEqual([token.serial]);
    } finally {
      await host.stop();
      token.cleanup();
    }
  });
});
