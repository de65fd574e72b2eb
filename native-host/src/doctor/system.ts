import { release } from "node:os";
import { isSea } from "node:sea";
import type { DoctorReport } from "../../../shared/protocol/index.ts";

/** The OS and how this host runs: a single executable with node inside, or the bundle under a separate node. */
export function systemInfo(hostVersion: string): DoctorReport["system"] {
  return {
    platform: process.platform,
    release: release(),
    arch: process.arch,
    hostVersion,
    runtime: isSea() ? "executable" : "node",
    nodeVersion: process.version,
  };
}
