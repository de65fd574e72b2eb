import { describe, expect, it } from "vitest";
import { debControl, debFileName, requiredGlibc } from "../../../packaging/deb.ts";
import { CLI_LINK, EXECUTABLE, linuxLayout } from "../../../packaging/linux-layout.ts";
import { productionTrust } from "../../../packaging/production-trust.ts";
import { currentTarget } from "../../../packaging/target.ts";

const FILE = "ru.kepbridge.host.json";

describe("what the Linux packages install", () => {
  const layout = linuxLayout(productionTrust(["abcdefghijklmnopabcdefghijklmnop"]));

  it("puts the executable in /opt and a system manifest into every browser's directory", () => {
    expect(layout[0]).toEqual({ path: "/opt/kep-bridge/kep-bridge", mode: 0o755 });
    expect(
      layout
        .slice(1)
        .map((f) => f.path)
        .sort(),
    ).toEqual(
      [
        `/etc/chromium/native-messaging-hosts/${FILE}`,
        `/etc/opt/brave.com/brave/native-messaging-hosts/${FILE}`,
        `/etc/opt/brave/native-messaging-hosts/${FILE}`,
        `/etc/opt/chrome/native-messaging-hosts/${FILE}`,
        `/etc/opt/edge/native-messaging-hosts/${FILE}`,
        `/etc/opt/vivaldi/native-messaging-hosts/${FILE}`,
        `/etc/opt/yandex/browser-beta/native-messaging-hosts/${FILE}`,
        `/etc/opt/yandex/browser/native-messaging-hosts/${FILE}`,
        `/usr/lib/mozilla/native-messaging-hosts/${FILE}`,
        `/usr/lib64/mozilla/native-messaging-hosts/${FILE}`,
      ].sort(),
    );
    expect(layout.slice(1).every((f) => f.mode === 0o644)).toBe(true);
    expect(CLI_LINK).toBe("/usr/bin/kep-bridge");
    expect(EXECUTABLE).toBe("/opt/kep-bridge/kep-bridge");
  });

  it("names the .deb and its architecture the Debian way", () => {
    const x64 = currentTarget("linux", "x64");
    expect(debFileName("0.1.0", x64)).toBe("kep-bridge_0.1.0_amd64.deb");
    expect(debFileName("0.1.0", currentTarget("linux", "arm64"))).toBe("kep-bridge_0.1.0_arm64.deb");
    const control = debControl("0.1.0", x64, 1234, "2.34");
    expect(control).toMatch(/^Package: kep-bridge\nVersion: 0\.1\.0\nArchitecture: amd64\n/);
    expect(control).toContain("Installed-Size: 1234\n");
    expect(control).toContain("Depends: libc6 (>= 2.34), libstdc++6, libgcc-s1 | libgcc1\n");
    // Continuation lines of the description start with a space; a blank one would end the stanza.
    expect(
      control
        .split("\n")
        .slice(0, -1)
        .every((line) => line !== ""),
    ).toBe(true);
  });

  it("asks for the newest glibc any symbol of the executable needs", () => {
    const binary = Buffer.from("\0GLIBC_2.2.5\0GLIBC_2.28\0GLIBCXX_3.4.21\0GLIBC_2.34\0GLIBC_2.3.4\0", "latin1");
    expect(requiredGlibc(binary)).toBe("2.34");
    expect(requiredGlibc(Buffer.from("GLIBC_2.3.4 GLIBC_2.3.2"))).toBe("2.3.4");
    expect(() => requiredGlibc(Buffer.from("MZ"))).toThrow(/not a Linux build/);
  });
});
