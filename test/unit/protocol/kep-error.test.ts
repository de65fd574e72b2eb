import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ErrorInfoSchema, KepError, deserializeError, serializeError, type ErrorDetails } from "../../../shared/protocol/index.ts";

describe("KepError on the wire", () => {
  it("keeps code, message and details through serialize and deserialize", () => {
    const sent = new KepError("PIN_INCORRECT", "C_Login: CKR_PIN_INCORRECT", { triesLeft: 2, ckr: "CKR_PIN_INCORRECT" });
    const wire = JSON.parse(JSON.stringify(serializeError(sent))) as unknown;
    expect(v.parse(ErrorInfoSchema, wire)).toEqual({
      code: "PIN_INCORRECT",
      message: "C_Login: CKR_PIN_INCORRECT",
      details: { triesLeft: 2, ckr: "CKR_PIN_INCORRECT" },
    });
    const received = deserializeError(v.parse(ErrorInfoSchema, wire));
    expect(received).toBeInstanceOf(KepError);
    expect(received).toMatchObject({ code: "PIN_INCORRECT", message: "C_Login: CKR_PIN_INCORRECT", details: { triesLeft: 2 } });
    expect(received.describe("ru").message).toBe("Неверный PIN-код. Осталось попыток: 2.");
    expect(received.describe("en").message).toBe("Wrong PIN. Tries left: 2.");
  });

  it("sends anything that is not a KepError as INTERNAL with its message", () => {
    expect(serializeError(new TypeError("x is undefined"))).toEqual({ code: "INTERNAL", message: "x is undefined" });
    expect(serializeError("plain text")).toEqual({ code: "INTERNAL", message: "plain text" });
    expect(serializeError({ code: "PIN_INCORRECT", message: "an object is not an error" }).code).toBe("INTERNAL");
  });

  it("drops detail fields the table does not have, so nothing else leaves the process", () => {
    const details = { triesLeft: 1, pin: "12345678", document: "secret text" } as ErrorDetails;
    const wire = serializeError(new KepError("PIN_INCORRECT", "wrong PIN", details));
    expect(wire.details).toEqual({ triesLeft: 1 });
    expect(JSON.stringify(wire)).not.toMatch(/12345678|secret/);
  });

  it("fits the message into the wire schema's limit", () => {
    const wire = serializeError(new KepError("INTERNAL", "x".repeat(5000)));
    expect(v.safeParse(ErrorInfoSchema, wire).success).toBe(true);
  });

  it("turns a code this side does not know into INTERNAL that names it", () => {
    const received = deserializeError({ code: "FUTURE_CODE" as "INTERNAL", message: "from a newer peer" });
    expect(received.code).toBe("INTERNAL");
    expect(received.message).toContain("FUTURE_CODE");
  });
});
