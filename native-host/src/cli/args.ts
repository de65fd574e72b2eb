import { UsageError } from "./usage-error.ts";

/** `--name value` options (repeatable) and `--flag` switches after the command word. */
export class Args {
  private readonly values = new Map<string, string[]>();
  private readonly switches = new Set<string>();

  constructor(argv: readonly string[], switches: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith("--")) throw UsageError.unexpected(arg);
      const name = arg.slice(2);
      if (switches.includes(name)) {
        this.switches.add(name);
        continue;
      }
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw UsageError.unexpected(arg);
      this.values.set(name, [...(this.values.get(name) ?? []), value]);
      i++;
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name)?.at(-1);
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.switches.has(name);
  }

  require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw UsageError.missing(`--${name}`);
    return value;
  }
}

/** A failure the CLI explains itself, already in the user's language. */
export class CliError extends Error {}
