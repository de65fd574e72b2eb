import { describe, expect, test } from "vitest";
import { certificateStatus, parseCertificate, URGENCY_DAYS, urgencyOf } from "../../../shared/x509/index.ts";
import { buildCertificate } from "./build-cert.ts";

const DAY = 86_400_000;
const notBefore = new Date("2026-01-01T09:00:00Z");
const notAfter = new Date("2027-04-01T09:10:00Z");
const cert = { notBefore, notAfter };
const at = (ms: number) => ({ now: new Date(ms) });

describe("certificateStatus", () => {
  test.each([
    ["1 ms before notBefore", notBefore.getTime() - 1, "notYetValid", 455],
    ["at notBefore", notBefore.getTime(), "valid", 455],
    ["30 days before notAfter", notAfter.getTime() - 30 * DAY, "valid", 30],
    ["30 days before notAfter + 1 ms", notAfter.getTime() - 30 * DAY + 1, "expiring", 29],
    ["1 day before notAfter", notAfter.getTime() - DAY, "expiring", 1],
    ["1 day before notAfter + 1 ms", notAfter.getTime() - DAY + 1, "expiring", 0],
    ["at notAfter (still inside the validity period)", notAfter.getTime(), "expiring", 0],
    ["1 ms after notAfter", notAfter.getTime() + 1, "expired", -1],
    ["1 day after notAfter", notAfter.getTime() + DAY, "expired", -1],
    ["1 day + 1 ms after notAfter", notAfter.getTime() + DAY + 1, "expired", -2],
  ])("%s", (_, now, status, daysLeft) => {
    expect(certificateStatus(cert, at(now))).toEqual({ status, daysLeft });
  });

  test("warnDays moves the expiring boundary", () => {
    expect(certificateStatus(cert, { ...at(notAfter.getTime() - 10 * DAY), warnDays: 10 }).status).toBe("valid");
    expect(certificateStatus(cert, { ...at(notAfter.getTime() - 10 * DAY + 1), warnDays: 10 }).status).toBe("expiring");
    expect(certificateStatus(cert, { ...at(notAfter.getTime()), warnDays: 0 }).status).toBe("valid");
  });

  test("works on a parsed certificate", async () => {
    const { der } = await buildCertificate({ subject: [["2.5.4.3", "x"]], notBefore, notAfter });
    expect(certificateStatus(parseCertificate(der), at(notAfter.getTime() - 5 * DAY))).toEqual({ status: "expiring", daysLeft: 5 });
  });
});

describe("urgencyOf", () => {
  test.each([
    [400, "ok"],
    [30, "ok"],
    [29, "soon"],
    [8, "soon"],
    [7, "urgent"],
    [0, "urgent"],
    [-1, "expired"],
  ])("%i days left: %s", (daysLeft, urgency) => {
    expect(urgencyOf(daysLeft)).toBe(urgency);
  });

  test("agrees with the default expiring status on every day", () => {
    for (let days = -3; days <= URGENCY_DAYS.soonBelow + 3; days++) {
      const { status } = certificateStatus(cert, at(notAfter.getTime() - days * DAY));
      const warned = status === "expiring" || status === "expired";
      expect(urgencyOf(days) !== "ok").toBe(warned);
    }
  });
});
