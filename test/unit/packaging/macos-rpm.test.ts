import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MAC_EXECUTABLE, macPostinstall, macSystemManifests, macUninstall } from "../../../packaging/macos-pkg.ts";
import { productionTrust } from "../../../packaging/production-trust.ts";
import { rpmSpec } from "../../../packaging/rpm-spec.ts";
import { currentTarget } from "../../../packaging/target.ts";

const STORE_ID = "abcdefghijklmnopabcdefghijklmnop";
const DEV_ID = "ndkcibfpbpclokaippfdmhggipaeolnm";
const FILE = "ru.kepbridge.host.json";
const trusted = productionTrust([STORE_ID]);

/** The JSON bodies of every `<<'KEP_MANIFEST'` here-document in a script. */
function heredocs(script: string): unknown[] {
  return [...script.matchAll(/<<'KEP_MANIFEST'\n([\s\S]*?)\nKEP_MANIFEST/g)].map((m) => JSON.parse(m[1]!));
}

function shellSyntaxOk(script: string): void {
  execFileSync("sh", ["-n"], { input: script });
}

describe("macOS .pkg definition, as text", () => {
  it("puts system manifests in /Library for every browser that reads them there", () => {
    const manifests = macSystemManifests(trusted);
    expect(manifests.map((m) => m.path).sort()).toEqual(
      [
        `/Library/Google/Chrome/NativeMessagingHosts/${FILE}`,
        `/Library/Application Support/Chromium/NativeMessagingHosts/${FILE}`,
        `/Library/Microsoft/Edge/NativeMessagingHosts/${FILE}`,
        `/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/${FILE}`,
        `/Library/Application Support/Vivaldi/NativeMessagingHosts/${FILE}`,
        `/Library/Application Support/Mozilla/NativeMessagingHosts/${FILE}`,
      ].sort(),
    );
    for (const manifest of manifests) {
      expect(JSON.parse(manifest.content).path).toBe(MAC_EXECUTABLE);
      expect(manifest.content).not.toContain(DEV_ID);
    }
  });

  it("writes per-user manifests for the installing user where browsers never read /Library (Yandex)", () => {
    const script = macPostinstall(trusted);
    shellSyntaxOk(script);
    expect(script).toContain(`cat > "$home/Library/Application Support/Yandex/YandexBrowser/NativeMessagingHosts/${FILE}"`);
    expect(script).not.toContain("/Google/Chrome/NativeMessagingHosts");
    const bodies = heredocs(script);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).toMatchObject({ path: MAC_EXECUTABLE, allowed_origins: [`chrome-extension://${STORE_ID}/`] });
  });

  it("ships an uninstall script that removes system and per-user manifests and the cache", () => {
    const script = macUninstall();
    shellSyntaxOk(script);
    expect(script).toContain(`rm -f "/Library/Google/Chrome/NativeMessagingHosts/${FILE}"`);
    expect(script).toContain(`rm -f "$home/Library/Application Support/Yandex/YandexBrowser/NativeMessagingHosts/${FILE}"`);
    expect(script).toContain('rm -rf "$home/Library/Caches/kep-bridge" "$home/Library/Logs/kep-bridge"');
    expect(script).toContain("pkgutil --forget ru.kepbridge.host");
  });
});

describe("RPM spec for ALT, RED OS and Astra, as text", () => {
  const spec = rpmSpec("0.1.0", currentTarget("linux", "x64"), trusted, "2.34");

  it("installs the same files as the .deb and owns each manifest directory", () => {
    expect(spec).toMatch(/^Name: kep-bridge$/m);
    expect(spec).toMatch(/^Version: 0\.1\.0$/m);
    expect(spec).toMatch(/^ExclusiveArch: x86_64$/m);
    expect(rpmSpec("0.1.0", currentTarget("linux", "arm64"), trusted, "2.34")).toMatch(/^ExclusiveArch: aarch64$/m);
    expect(spec).toContain("install -D -m 755 %{SOURCE0} %{buildroot}/opt/kep-bridge/kep-bridge");
    expect(spec).toContain("ln -s /opt/kep-bridge/kep-bridge %{buildroot}/usr/bin/kep-bridge");
    const files = spec.slice(spec.indexOf("%files"));
    expect(files).toContain(`%dir /etc/opt/yandex/browser/native-messaging-hosts\n/etc/opt/yandex/browser/native-messaging-hosts/${FILE}`);
    expect(files).toContain(`/usr/lib64/mozilla/native-messaging-hosts/${FILE}`);
  });

  it("never strips the executable, whose injected program a strip could drop", () => {
    expect(spec).toContain("%global __strip /bin/true");
  });

  it("requires the glibc the embedded addon needs, which rpm cannot see inside the executable", () => {
    expect(spec).toMatch(/^Requires: libc\.so\.6\(GLIBC_2\.34\)\(64bit\)$/m);
  });

  it("embeds manifests that trust only store builds", () => {
    const bodies = heredocs(spec);
    expect(bodies).toHaveLength(10);
    expect(spec).not.toContain(DEV_ID);
  });
});
