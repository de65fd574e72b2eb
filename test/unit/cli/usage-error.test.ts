import { describe, expect, it } from "vitest";
import { Args } from "../../../native-host/src/cli/args.ts";
import { UsageError } from "../../../native-host/src/cli/usage-error.ts";
import { EXIT_USAGE, runCli, type CliEnvironment } from "../../../manifests/cli.ts";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("one UsageError for both command-line programs", () => {
  it("says in each language which argument of the kep CLI is unexpected or missing", () => {
    const unexpected = thrown(() => new Args(["stray"], []));
    expect(unexpected).toBeInstanceOf(UsageError);
    expect((unexpected as UsageError).text).toEqual({ ru: "Непонятный параметр: stray", en: "Unexpected argument: stray" });
    const missing = thrown(() => new Args([], []).require("cert"));
    expect((missing as UsageError).text).toEqual({ ru: "Не указан параметр --cert", en: "Missing --cert" });
  });

  it("is what the installer reports as bad usage, in both languages, with exit code 2", () => {
    const err: string[] = [];
    const environment: CliEnvironment = {
      platform: "linux",
      uid: 1000,
      home: "/home/user",
      repoRoot: "/repo",
      env: {},
      out: () => undefined,
      err: (line) => err.push(line),
      runReg: () => undefined,
    };
    expect(runCli(["--windows-reg", "x.reg"], environment)).toBe(EXIT_USAGE);
    expect(err[0]).toBe("--windows-reg работает только в Windows / --windows-reg is for Windows only");
  });
});
