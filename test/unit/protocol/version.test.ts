import { describe, expect, it } from "vitest";
import { checkCompatibility, parseVersion } from "../../../shared/protocol/index.ts";

describe("protocol version", () => {
  it("parses only x.y.z", () => {
    expect(parseVersion("1.2.3")).toEqual({ major: 1, minor: 2, patch: 3 });
    for (const bad of ["1.2", "1.2.3-beta", "v1.2.3", "", "1.2.3.4"]) expect(parseVersion(bad)).toBeUndefined();
  });

  it("accepts any minor difference within one major", () => {
    expect(checkCompatibility("1.4.0", "1.0.9")).toEqual({ ok: true });
  });

  it("asks to update the side with the older major", () => {
    expect(checkCompatibility("2.0.0", "1.3.0")).toMatchObject({ ok: false, update: "host" });
    expect(checkCompatibility("1.0.0", "2.0.0")).toMatchObject({ ok: false, update: "extension" });
  });

  it("treats an unreadable host version as the one to update", () => {
    expect(checkCompatibility("1.0.0", "garbage")).toMatchObject({ ok: false, update: "host" });
  });
});
