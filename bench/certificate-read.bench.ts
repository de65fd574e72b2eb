import { decodeCertificate } from "../shared/pkix/certificate.ts";
import { certificateParts } from "../shared/x509/certificate-parts.ts";
import { parseCertificate } from "../shared/x509/index.ts";
import { fnsCertificate } from "../test/fixtures/fns-certificate.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const ROUNDS = 7;
const PER_ROUND = 200;

/** Median over rounds of the mean CPU time of one call, in µs: CPU rather than wall time, as other work shares the 2 cores. */
function perCall(read: () => unknown): number {
  for (let i = 0; i < PER_ROUND; i++) read();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i++) read();
    const used = process.cpuUsage(started);
    rounds.push((used.user + used.system) / PER_ROUND);
  }
  return median(rounds);
}

// Why x509/certificate-parts.ts is still a hand walk: the token listing reads every certificate
// on every listing for its key, and this shows what the schema decode would cost it instead.
const suite: BenchSuite = () => {
  const der = fnsCertificate({ organisation: true });
  const walk = perCall(() => certificateParts(der));
  const rows: BenchRow[] = [
    { name: "FNS certificate: the listing's fast walk (certificateParts)", value: walk, unit: "µs CPU" },
    {
      name: "FNS certificate: schema decode (pkix decodeCertificate)",
      value: perCall(() => decodeCertificate(der)),
      unit: "µs CPU",
      reference: { name: "fast walk", value: walk },
    },
    {
      name: "FNS certificate: the UI's view (parseCertificate)",
      value: perCall(() => parseCertificate(der)),
      unit: "µs CPU",
      reference: { name: "fast walk", value: walk },
    },
  ];
  return Promise.resolve(rows);
};

export default suite;
