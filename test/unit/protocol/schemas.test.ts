import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { RequestSchema, ResponseSchema, ResultSchemas } from "../../../shared/protocol/index.ts";

const token = { module: "/usr/lib/softhsm/libsofthsm2.so", serial: "0a1b2c3d" };

describe("request schema", () => {
  it("accepts each command in its documented shape", () => {
    for (const request of [
      { id: 1, cmd: "handshake", protocol: "1.0.0", client: "kep-bridge 0.1.0" },
      { id: 2, cmd: "listTokens" },
      { id: 3, cmd: "listObjects", token },
    ]) {
      expect(v.safeParse(RequestSchema, request).success, JSON.stringify(request)).toBe(true);
    }
  });

  it.each([
    ["unknown command", { id: 1, cmd: "formatToken" }],
    ["missing id", { cmd: "listTokens" }],
    ["negative id", { id: -1, cmd: "listTokens" }],
    ["fractional id", { id: 1.5, cmd: "listTokens" }],
    ["string id", { id: "1", cmd: "listTokens" }],
    ["token without serial", { id: 1, cmd: "listObjects", token: { module: "/x.so" } }],
    ["empty serial", { id: 1, cmd: "listObjects", token: { module: "/x.so", serial: "" } }],
    ["overlong client", { id: 1, cmd: "handshake", protocol: "1.0.0", client: "x".repeat(201) }],
    ["array", [1, 2, 3]],
    ["null", null],
  ])("rejects %s", (_, request) => {
    expect(v.safeParse(RequestSchema, request).success).toBe(false);
  });
});

describe("response schema", () => {
  it("accepts errors with a null id for unreadable requests", () => {
    const response = { id: null, ok: false, error: { code: "BAD_REQUEST", message: "frame is not JSON" } };
    expect(v.safeParse(ResponseSchema, response).success).toBe(true);
  });

  it("rejects an error code outside the table", () => {
    const response = { id: 1, ok: false, error: { code: "OOPS", message: "?" } };
    expect(v.safeParse(ResponseSchema, response).success).toBe(false);
  });

  it("rejects a success without an id", () => {
    expect(v.safeParse(ResponseSchema, { id: null, ok: true, result: {} }).success).toBe(false);
  });

  it("checks certificate thumbprints and DER encoding in listObjects results", () => {
    const tokenInfo = {
      module: token.module,
      slotId: "1",
      slotDescription: "",
      serial: token.serial,
      label: "t",
      manufacturer: "m",
      model: "x",
      hardwareVersion: "1.0",
      firmwareVersion: "1.0",
      memory: { totalPublic: null, freePublic: null, totalPrivate: 100, freePrivate: 50 },
      pin: { initialized: true, countLow: false, finalTry: false, locked: false, mustChange: false },
      initialized: true,
      loginRequired: true,
      protectedAuthenticationPath: false,
      writeProtected: false,
    };
    const certificate = { id: "01", label: "c", der: "MAA=", thumbprint: "A".repeat(40), category: null, key: null };
    const good = { token: tokenInfo, loggedIn: false, certificates: [certificate], keys: [] };
    expect(v.safeParse(ResultSchemas.listObjects, good).success).toBe(true);
    const lowercase = { ...good, certificates: [{ ...certificate, thumbprint: "a".repeat(40) }] };
    expect(v.safeParse(ResultSchemas.listObjects, lowercase).success).toBe(false);
    const notBase64 = { ...good, certificates: [{ ...certificate, der: "not base64!" }] };
    expect(v.safeParse(ResultSchemas.listObjects, notBase64).success).toBe(false);
  });
});
