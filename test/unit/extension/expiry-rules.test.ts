import { describe, expect, it } from "vitest";
import { badgeCertificate, dueNotifications, watched } from "../../../extension/src/background/expiry-rules.ts";
import type { SeenCertificate } from "../../../extension/src/storage/schema.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);
const seen = (t: string, owner: string, days: number): SeenCertificate => ({
  thumbprint: t.repeat(40),
  tokenSerial: "s",
  owner,
  notAfter: NOW + days * DAY + 3_600_000,
  lastSeen: NOW,
});
const THRESHOLDS = [60, 30, 14, 7, 1];

describe("expiry rules", () => {
  it("watches valid certificates not replaced by a newer one of the same owner, soonest first", () => {
    const list = watched([seen("A", "Иванов", 10), seen("B", "Иванов", 400), seen("C", "Петров", 25), seen("D", "Сидоров", -3)], NOW);
    expect(list.map((w) => [w.thumbprint[0], w.daysLeft])).toEqual([
      ["C", 25],
      ["B", 400],
    ]);
  });

  it("badge: the soonest certificate at or under the threshold only", () => {
    const list = watched([seen("A", "a", 61), seen("B", "b", 90)], NOW);
    expect(badgeCertificate(list, 60)).toBeNull();
    expect(badgeCertificate(list, 61)?.daysLeft).toBe(61);
  });

  it("one notification for the nearest crossed threshold, never again for it or the ones above", () => {
    const list = watched([seen("A", "a", 10), seen("B", "b", 45), seen("C", "c", 100)], NOW);
    const due = dueNotifications(list, [], THRESHOLDS);
    expect(due.map((d) => [d.item.thumbprint[0], d.threshold, d.crossed])).toEqual([
      ["A", 14, [14, 30, 60]],
      ["B", 60, [60]],
    ]);
    const sent = due.flatMap((d) => d.crossed.map((threshold) => ({ thumbprint: d.item.thumbprint, threshold, sentAt: NOW })));
    expect(dueNotifications(list, sent, THRESHOLDS)).toEqual([]);
    const later = watched([seen("A", "a", 6)], NOW);
    expect(dueNotifications(later, sent, THRESHOLDS).map((d) => d.threshold)).toEqual([7]);
  });
});
