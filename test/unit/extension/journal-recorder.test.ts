import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { recordEvent, recordStep } from "../../../extension/src/background/journal-recorder.ts";
import { closeKepDb, DB_NAME } from "../../../extension/src/storage/db.ts";
import { journalList } from "../../../extension/src/storage/journal.ts";

async function dropDatabase(): Promise<void> {
  closeKepDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe("journal recorder", () => {
  afterEach(dropDatabase);

  it("keeps concurrent writes in one run with every entry and field", async () => {
    // A page's request, the assistant's step reports and an install arriving at once, as
    // they do when the wizard and the page API answer in the same tick.
    await Promise.all([
      recordStep(2, "request", false),
      recordEvent("request", "key 01 on token s1", { requestCsr: "-----BEGIN CERTIFICATE REQUEST-----" }),
      recordStep(3, "receive", false),
      recordEvent("note", "a"),
      recordEvent("note", "b"),
      recordStep(4, "revoke", false),
      recordEvent("install", "certificate N on token s1", { newThumbprint: "N".repeat(40) }),
    ]);
    const runs = await journalList();
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run?.status).toBe("inProgress");
    expect(run?.requestCsr).toBe("-----BEGIN CERTIFICATE REQUEST-----");
    expect(run?.newThumbprint).toBe("N".repeat(40));
    expect(run?.steps.map((s) => s.step).sort()).toEqual(["2:request", "3:receive", "4:revoke", "install", "note", "note", "request"]);
  });

  it("closes the run at the last step and starts the next application in a new run", async () => {
    await recordEvent("request", "key 01");
    await recordStep(5, "success", true);
    await Promise.all([recordEvent("request", "key 02"), recordStep(1, "application", false)]);
    const runs = await journalList();
    expect(runs.map((r) => r.status).sort()).toEqual(["done", "inProgress"]);
    const open = runs.find((r) => r.status === "inProgress");
    expect(open?.steps.map((s) => s.step).sort()).toEqual(["1:application", "request"]);
  });
});
