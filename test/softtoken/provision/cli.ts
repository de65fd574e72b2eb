/**
 * Provisioning CLI for the kep-bridge GOST SoftToken TEST fixture (never for real keys).
 *   npm run softtoken -- init --dir D [--slots N] [--label L] [--pin P] [--so-pin P] [--capacity BYTES] [--pin-tries N]
 *   npm run softtoken -- import-sample --dir D [--pin P]
 *   npm run softtoken -- samples --dir D
 *   npm run softtoken -- list --dir D [--pin P] [--json]
 */
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { createSofttokenDir } from "../harness.ts";
import { listToken } from "./list.ts";
import { createSampleToken, importSample, type SampleCertificate } from "./samples.ts";
import { DEFAULT_PINS, initToken, openModule, slotHandle } from "./token.ts";

const USAGE = `usage: npm run softtoken -- <init|import-sample|samples|list> --dir DIR [options]
  init           --slots N (2) --label L ("${DEFAULT_PINS.label}") --pin P (${DEFAULT_PINS.pin})
                 --so-pin P (${DEFAULT_PINS.soPin}) --capacity BYTES (65536) --pin-tries N (10)
  import-sample  imports an OpenSSL-made GOST key pair and an old FNS-shaped TEST certificate
  samples        re-initialises slot 0 with valid / expiring-in-10-days / expired TEST certificates
  list           --pin P to include private objects, --json for machine-readable output`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

function printSample(c: SampleCertificate): void {
  const key = c.keyOnToken ? "key on token" : "certificate only";
  console.log(`${c.label}: ${c.subjectCommonName}, ${c.paramSet}, id ${c.id}, valid ${c.notBefore.toISOString()} .. ${c.notAfter.toISOString()}, ${key}`);
}

function main(argv: string[]): void {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      slots: { type: "string" },
      label: { type: "string" },
      pin: { type: "string" },
      "so-pin": { type: "string" },
      capacity: { type: "string" },
      "pin-tries": { type: "string" },
      json: { type: "boolean" },
    },
  });
  const [command] = positionals;
  const dir = values.dir;
  if (!command || !dir) throw new Error(USAGE);
  switch (command) {
    case "init": {
      mkdirSync(dir, { recursive: true });
      const slots = num(values.slots, "slots");
      const capacity = num(values.capacity, "capacity");
      const pinTries = num(values["pin-tries"], "pin-tries");
      createSofttokenDir({
        dir,
        ...(slots === undefined ? {} : { slots }),
        ...(capacity === undefined ? {} : { capacity }),
        ...(pinTries === undefined ? {} : { pinTries }),
      });
      const module = openModule(dir);
      try {
        initToken(module.p, slotHandle(module.p, 0), {
          label: values.label ?? DEFAULT_PINS.label,
          pin: values.pin ?? DEFAULT_PINS.pin,
          soPin: values["so-pin"] ?? DEFAULT_PINS.soPin,
        });
      } finally {
        module.close();
      }
      console.log(`initialised slot 0 in ${dir}`);
      return;
    }
    case "import-sample":
      printSample(importSample(dir, values.pin === undefined ? {} : { pin: values.pin }));
      return;
    case "samples": {
      const token = createSampleToken(dir);
      token.certificates.forEach(printSample);
      console.log(`TEST CA certificate: ${dir}/test-ca/ca.pem`);
      return;
    }
    case "list": {
      const slots = listToken(dir, values.pin);
      if (values.json) {
        console.log(JSON.stringify(slots, null, 2));
        return;
      }
      for (const s of slots) {
        if (!s.token) {
          console.log(`slot ${s.slot}: ${s.present ? "token" : "empty"}`);
          continue;
        }
        console.log(
          `slot ${s.slot}: "${s.token.label}" serial ${s.token.serial}, free ${s.token.freeMemory}/${s.token.totalMemory} bytes, flags 0x${s.token.flags.toString(16)}`,
        );
        for (const o of s.objects) console.log(`  ${o.class} "${o.label}" id=${o.id}${o.subject ? ` ${o.subject} until ${o.notAfter}` : ""}`);
      }
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
