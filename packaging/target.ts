/** The OS/architecture pair a package is built for: always the machine running the build. */
export interface Target {
  readonly os: "linux" | "darwin" | "win32";
  readonly arch: "x64" | "arm64";
  /** As in file names: linux-x64, win-x64, macos-arm64. */
  readonly name: string;
  readonly executableName: string;
}

const OS_NAMES = { linux: "linux", darwin: "macos", win32: "win" } as const;

export function currentTarget(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Target {
  if (platform !== "linux" && platform !== "darwin" && platform !== "win32") {
    throw new Error(`сборка для ${platform} не поддерживается / packaging for ${platform} is not supported`);
  }
  if (arch !== "x64" && arch !== "arm64") {
    throw new Error(`архитектура ${arch} не поддерживается / architecture ${arch} is not supported`);
  }
  return {
    os: platform,
    arch,
    name: `${OS_NAMES[platform]}-${arch}`,
    executableName: platform === "win32" ? "kep-bridge.exe" : "kep-bridge",
  };
}
