import "fake-indexeddb/auto";
import { openDB } from "idb";
import { afterEach, describe, expect, it } from "vitest";
import { basicConstraintsExt, buildCertificate } from "../x509/build-cert.ts";
import { deleteBackups, getBackup, listBackups, putBackups } from "../../../extension/src/storage/backups.ts";
import { closeKepDb, DB_NAME, kepDb } from "../../../extension/src/storage/db.ts";
import { journalAppendToOpenRun, journalGet, journalList, revokedThumbprints } from "../../../extension/src/storage/journal.ts";
import { DB_VERSION } from "../../../extension/src/storage/migrations.ts";
import { addTrustedRoot, listTrustedRoots, removeTrustedRoot, RootRejected } from "../../../extension/src/storage/roots.ts";
import { forgetSeen, listSeen, markNotificationsSent, replaceSeenForToken, sentNotifications } from "../../../extension/src/storage/seen.ts";

const T = (c: string) => c.repeat(40);

async function dropDatabase(): Promise<void> {
  closeKepDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe("storage", () => {
  afterEach(dropDatabase);

  it("upgrades a version 1 database without losing anything", async () => {
    // The layout the first release created, written out here as that release wrote it.
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore("certificatesSeen", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
        db.createObjectStore("notificationsSent", { keyPath: ["thumbprint", "threshold"] });
        db.createObjectStore("backups", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
      },
    });
    await v1.put("certificatesSeen", { thumbprint: T("A"), tokenSerial: "s1", owner: "Иванов", notAfter: 1000 });
    await v1.put("notificationsSent", { thumbprint: T("A"), threshold: 30, sentAt: 5 });
    await v1.put("backups", { thumbprint: T("B"), der: "MIIB", tokenSerial: "s1", deletedAt: 7, label: "old" });
    v1.close();

    const db = await kepDb();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(3);
    const [seen] = await listSeen();
    expect(seen).toMatchObject({ thumbprint: T("A"), tokenSerial: "s1", owner: "Иванов", notAfter: 1000 });
    expect(typeof seen?.lastSeen).toBe("number");
    expect(await sentNotifications()).toEqual([{ thumbprint: T("A"), threshold: 30, sentAt: 5 }]);
    expect(await getBackup(T("B"))).toEqual({ thumbprint: T("B"), der: "MIIB", tokenSerial: "s1", deletedAt: 7, label: "old" });
    expect(await journalList()).toEqual([]);
  });

  it("upgrades a version 2 database to one with trusted roots, keeping the journal", async () => {
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore("certificatesSeen", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
        db.createObjectStore("notificationsSent", { keyPath: ["thumbprint", "threshold"] });
        db.createObjectStore("backups", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
        db.createObjectStore("journal", { keyPath: "id" }).createIndex("byStartedAt", "startedAt");
      },
    });
    await v2.put("journal", { id: "run", startedAt: 1, steps: [{ step: "start", at: 1 }], status: "done" });
    await v2.put("certificatesSeen", { thumbprint: T("A"), tokenSerial: "s1", owner: "Иванов", notAfter: 1000, lastSeen: 3 });
    v2.close();
    expect(await journalGet("run")).toMatchObject({ status: "done" });
    expect((await listSeen())[0]?.lastSeen).toBe(3);
    expect(await listTrustedRoots()).toEqual([]);
  });

  it("trusted roots: takes a CA certificate as DER or PEM once, refuses others with the reason, and removes", async () => {
    const ca = await buildCertificate({ subject: [["2.5.4.3", "Тестовый корневой УЦ"]], extensions: [basicConstraintsExt(true)] });
    const user = await buildCertificate({ subject: [["2.5.4.3", "Иванов"]], extensions: [basicConstraintsExt(false)] });
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(ca.der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    const added = await addTrustedRoot(new TextEncoder().encode(pem), 10);
    expect(added).toMatchObject({ name: "Тестовый корневой УЦ", addedAt: 10, der: Buffer.from(ca.der).toString("base64") });
    expect(added.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(await addTrustedRoot(ca.der, 20)).toEqual(added);
    await expect(addTrustedRoot(user.der)).rejects.toEqual(new RootRejected("notCa"));
    await expect(addTrustedRoot(new TextEncoder().encode("not a certificate"))).rejects.toEqual(new RootRejected("unreadable"));
    await expect(addTrustedRoot(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]))).rejects.toEqual(new RootRejected("unreadable"));
    expect((await listTrustedRoots()).map((r) => r.thumbprint)).toEqual([added.thumbprint]);
    await removeTrustedRoot(added.thumbprint);
    expect(await listTrustedRoots()).toEqual([]);
  });

  it("keeps each token's seen certificates current without touching other tokens", async () => {
    await replaceSeenForToken(
      "s1",
      [
        { thumbprint: T("A"), owner: "a", notAfter: 1 },
        { thumbprint: T("B"), owner: "b", notAfter: 2 },
      ],
      10,
    );
    await replaceSeenForToken("s2", [{ thumbprint: T("C"), owner: "c", notAfter: 3 }], 10);
    await replaceSeenForToken("s1", [{ thumbprint: T("B"), owner: "b", notAfter: 2 }], 20);
    const seen = await listSeen();
    expect(seen.map((s) => [s.thumbprint[0], s.tokenSerial, s.lastSeen])).toEqual([
      ["B", "s1", 20],
      ["C", "s2", 10],
    ]);
    await forgetSeen([T("C")]);
    expect((await listSeen()).map((s) => s.thumbprint[0])).toEqual(["B"]);
  });

  it("remembers notifications per certificate and threshold", async () => {
    await markNotificationsSent([
      { thumbprint: T("A"), threshold: 14, sentAt: 1 },
      { thumbprint: T("A"), threshold: 30, sentAt: 1 },
    ]);
    await markNotificationsSent([{ thumbprint: T("A"), threshold: 14, sentAt: 2 }]);
    expect((await sentNotifications()).map((n) => [n.threshold, n.sentAt])).toEqual([
      [14, 2],
      [30, 1],
    ]);
  });

  it("lists backups newest first and deletes them", async () => {
    await putBackups([
      { thumbprint: T("A"), der: "AA==", tokenSerial: "s", deletedAt: 1, label: "a" },
      { thumbprint: T("B"), der: "BB==", tokenSerial: "s", deletedAt: 2, label: "b" },
    ]);
    expect((await listBackups()).map((b) => b.label)).toEqual(["b", "a"]);
    await deleteBackups([T("B")]);
    expect((await listBackups()).map((b) => b.label)).toEqual(["a"]);
  });

  it("journal: appends steps to the open run, starts a new run once it is closed, lists runs newest first", async () => {
    const first = await journalAppendToOpenRun({ step: "csr", detail: "key 01" }, { requestCsr: "-----BEGIN" });
    const done = await journalAppendToOpenRun({ step: "installed" }, { newThumbprint: T("N"), revokedThumbprint: T("O"), status: "done" });
    expect(done.id).toBe(first.id);
    expect(done.steps.map((s) => s.step)).toEqual(["csr", "installed"]);
    await new Promise((r) => setTimeout(r, 2));
    const second = await journalAppendToOpenRun({ step: "start" });
    expect(second.id).not.toBe(first.id);
    expect(await journalGet(first.id)).toMatchObject({ requestCsr: "-----BEGIN", status: "done", newThumbprint: T("N") });
    expect((await journalList()).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(await revokedThumbprints()).toEqual([T("O")]);
    expect(await journalGet("missing")).toBeUndefined();
  });
});
