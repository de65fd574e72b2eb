import { describe, expect, it } from "vitest";
import {
  HOST_DESCRIPTION,
  HOST_NAME,
  chromiumHostManifest,
  firefoxHostManifest,
  hostManifestFor,
  serializeHostManifest,
} from "../../../manifests/host-manifest.ts";
import { TRUSTED_EXTENSIONS, type TrustedExtension } from "../../../manifests/trusted-extensions.ts";

const LAUNCHER = "/opt/kep-bridge/dist/native-host/kep-host";

describe("host manifests", () => {
  it("builds the Chrome-family manifest with exact origins (trailing slash) and an absolute path", () => {
    expect(chromiumHostManifest(LAUNCHER)).toEqual({
      name: "ru.kepbridge.host",
      description: "kep-bridge native host (PKCS#11 tokens for КЭП)",
      path: LAUNCHER,
      type: "stdio",
      allowed_origins: ["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"],
    });
  });

  it("builds the Firefox manifest with allowed_extensions and no allowed_origins", () => {
    const manifest = firefoxHostManifest(LAUNCHER);
    expect(manifest).toEqual({
      name: HOST_NAME,
      description: HOST_DESCRIPTION,
      path: LAUNCHER,
      type: "stdio",
      allowed_extensions: ["kep-bridge@kepbridge.ru"],
    });
    expect(manifest).not.toHaveProperty("allowed_origins");
  });

  it("adds a store id from the trusted table as one more origin", () => {
    const trusted: TrustedExtension[] = [
      ...TRUSTED_EXTENSIONS,
      { family: "chromium", id: "abcdefghijklmnopabcdefghijklmnop", channels: ["store"], source: "Chrome Web Store" },
    ];
    expect(chromiumHostManifest(LAUNCHER, trusted).allowed_origins).toEqual([
      "chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/",
      "chrome-extension://abcdefghijklmnopabcdefghijklmnop/",
    ]);
    expect(firefoxHostManifest(LAUNCHER, trusted).allowed_extensions).toEqual(["kep-bridge@kepbridge.ru"]);
  });

  it("accepts a Windows absolute launcher path", () => {
    const path = "C:\\Users\\Иван\\kep-bridge\\dist\\native-host\\kep-host.cmd";
    expect(hostManifestFor("chromium", path).path).toBe(path);
  });

  it("rejects a relative launcher path", () => {
    expect(() => chromiumHostManifest("dist/native-host/kep-host")).toThrow(/absolute/);
    expect(() => firefoxHostManifest("./kep-host")).toThrow(/absolute/);
  });

  it("rejects malformed ids and families with no trusted id", () => {
    const typo: TrustedExtension[] = [{ family: "chromium", id: "ndkcibfpbpclokaippfdmhggipaeolnZ", channels: ["store"], source: "typo" }];
    expect(() => chromiumHostManifest(LAUNCHER, typo)).toThrow(/malformed chromium/);
    expect(() => firefoxHostManifest(LAUNCHER, typo)).toThrow(/no trusted firefox/);
    const badGecko: TrustedExtension[] = [{ family: "firefox", id: "not an id", channels: ["store"], source: "typo" }];
    expect(() => firefoxHostManifest(LAUNCHER, badGecko)).toThrow(/malformed firefox/);
  });

  it("serializes as pretty JSON ending with a newline that parses back", () => {
    const manifest = hostManifestFor("firefox", LAUNCHER);
    const text = serializeHostManifest(manifest);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(manifest);
  });
});
