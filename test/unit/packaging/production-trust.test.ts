import { describe, expect, it } from "vitest";
import { TRUSTED_EXTENSIONS } from "../../../manifests/trusted-extensions.ts";
import { productionTrust } from "../../../packaging/production-trust.ts";
import { EXECUTABLE, linuxLayout } from "../../../packaging/linux-layout.ts";

const DEV_ID = "ndkcibfpbpclokaippfdmhggipaeolnm";
const STORE_ID = "abcdefghijklmnopabcdefghijklmnop";

describe("packages trust store ids only", () => {
  it("the development id is a development row of the table, trusted by installs from a clone", () => {
    expect(TRUSTED_EXTENSIONS.find((t) => t.id === DEV_ID)?.channels).toEqual(["development"]);
  });

  it("a production manifest does not list the development id", () => {
    const files = linuxLayout(productionTrust([STORE_ID])).filter((f) => f.content !== undefined);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file.content).not.toContain(DEV_ID);
      const manifest = JSON.parse(file.content!) as { path: string; allowed_origins?: string[]; allowed_extensions?: string[] };
      expect(manifest.path).toBe(EXECUTABLE);
      if (manifest.allowed_origins !== undefined) expect(manifest.allowed_origins).toEqual([`chrome-extension://${STORE_ID}/`]);
      else expect(manifest.allowed_extensions).toEqual(["kep-bridge@kepbridge.ru"]);
    }
  });

  it("refuses to put the development id into a package even when asked", () => {
    expect(() => productionTrust([DEV_ID])).toThrow(/development id .* never put into packages/);
  });

  it("without a Chrome Web Store id it says where to add one", () => {
    expect(() => productionTrust([])).toThrow(/trusted-extensions\.ts.*--trust-extension/);
  });
});
