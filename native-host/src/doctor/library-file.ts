import { closeSync, openSync, readSync } from "node:fs";
import type { LibraryFileInfo } from "../../../shared/protocol/index.ts";

const ELF_MACHINES: Record<number, string> = { 3: "ia32", 40: "arm", 62: "x64", 183: "arm64" };
const PE_MACHINES: Record<number, string> = { 0x14c: "ia32", 0x1c4: "arm", 0x8664: "x64", 0xaa64: "arm64" };
const MACHO_CPUS: Record<number, string> = { 7: "ia32", 12: "arm", 0x01000007: "x64", 0x0100000c: "arm64" };

/**
 * The executable format and processor of a library file, from its header alone: the
 * loader's own message for a 32-bit library in a 64-bit process differs per OS and is
 * sometimes just "file not found", so the report says it in its own words.
 */
export function describeLibraryBytes(head: Uint8Array): Omit<LibraryFileInfo, "exists"> {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const little = bytes[5] !== 2;
    const machine = little ? bytes.readUInt16LE(18) : bytes.readUInt16BE(18);
    const arch = ELF_MACHINES[machine];
    // The class byte separates 32- from 64-bit builds of the same processor family.
    const bits = bytes[4] === 1 ? 32 : 64;
    return { format: "elf", arch: arch === "x64" && bits === 32 ? "x32" : (arch ?? `machine ${machine}`) };
  }
  if (bytes.length >= 0x40 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) {
      const machine = bytes.readUInt16LE(pe + 4);
      return { format: "pe", arch: PE_MACHINES[machine] ?? `machine 0x${machine.toString(16)}` };
    }
    return { format: "pe", arch: null };
  }
  if (bytes.length >= 8) {
    const magic = bytes.readUInt32LE(0);
    if (magic === 0xfeedface || magic === 0xfeedfacf) {
      const cpu = bytes.readUInt32LE(4);
      return { format: "macho", arch: MACHO_CPUS[cpu] ?? `cpu ${cpu}` };
    }
    // A universal binary carries several architectures; the loader picks one itself.
    if (bytes.readUInt32BE(0) === 0xcafebabe) return { format: "macho", arch: null };
  }
  return { format: "other", arch: null };
}

export function inspectLibraryFile(path: string): LibraryFileInfo {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { exists: false, format: "other", arch: null };
  }
  try {
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    return { exists: true, ...describeLibraryBytes(head.subarray(0, read)) };
  } catch {
    return { exists: true, format: "other", arch: null };
  } finally {
    closeSync(fd);
  }
}

/** The library format this OS's loader accepts. */
export function nativeFormat(platform: NodeJS.Platform): LibraryFileInfo["format"] {
  return platform === "win32" ? "pe" : platform === "darwin" ? "macho" : "elf";
}
