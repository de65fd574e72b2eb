import { describe, expect, it } from "vitest";
import { addonCacheDir } from "../../../native-host/src/executable/cache-dir.ts";

describe("addonCacheDir: the private per-user folder for the unpacked addon", () => {
  it("follows XDG on Linux, ignoring a relative XDG_CACHE_HOME as the spec says", () => {
    expect(addonCacheDir("linux", {}, "/home/ivan")).toBe("/home/ivan/.cache/kep-bridge");
    expect(addonCacheDir("linux", { XDG_CACHE_HOME: "/var/cache/ivan" }, "/home/ivan")).toBe("/var/cache/ivan/kep-bridge");
    expect(addonCacheDir("linux", { XDG_CACHE_HOME: "cache" }, "/home/ivan")).toBe("/home/ivan/.cache/kep-bridge");
  });

  it("uses %LOCALAPPDATA% on Windows and ~/Library/Caches on macOS", () => {
    expect(addonCacheDir("win32", { LOCALAPPDATA: "C:\\Users\\Иван\\AppData\\Local" }, "C:\\Users\\Иван")).toBe("C:\\Users\\Иван\\AppData\\Local\\kep-bridge");
    expect(addonCacheDir("win32", {}, "C:\\Users\\ivan")).toBe("C:\\Users\\ivan\\AppData\\Local\\kep-bridge");
    expect(addonCacheDir("darwin", {}, "/Users/ivan")).toBe("/Users/ivan/Library/Caches/kep-bridge");
  });
});
