/**
 * HTTP/1.1 keep-alive over one `openssl s_client` connection: OpenSSL's own GOST TLS client with
 * a key in a file, as the reference for what the GOST cipher costs a client without any gateway
 * around it. Requests go one at a time; a response is read by its Content-Length.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface SClientOptions {
  port: number;
  /** SNI and Host. */
  hostName: string;
  /** The OpenSSL name of the suite, e.g. GOST2012-KUZNYECHIK-KUZNYECHIKOMAC. */
  suite: string;
  certPath: string;
  keyPath: string;
  caPath: string;
  /** OPENSSL_CONF that loads the GOST engine. */
  opensslConf: string;
}

const HEAD_END = Buffer.from("\r\n\r\n");

export class SClientHttp {
  private readonly child: ChildProcessWithoutNullStreams;
  private received: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private exited: Error | null = null;

  constructor(private readonly options: SClientOptions) {
    this.child = spawn(
      "openssl",
      [
        "s_client",
        "-quiet",
        "-nocommands",
        "-connect",
        `127.0.0.1:${options.port}`,
        "-servername",
        options.hostName,
        "-cipher",
        `${options.suite}:@SECLEVEL=0`,
        "-cert",
        options.certPath,
        "-key",
        options.keyPath,
        "-CAfile",
        options.caPath,
      ],
      { env: { ...process.env, OPENSSL_CONF: options.opensslConf } },
    );
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
      this.wake();
    });
    let stderr = "";
    this.child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    this.child.on("exit", (code) => {
      this.exited = new Error(`s_client exited (${code ?? "signal"}): ${stderr.trim().split("\n").slice(-3).join(" / ")}`);
      this.wake();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.exited) throw this.exited;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** GET `path`; resolves with the body's length once the whole body has arrived. */
  async get(path: string): Promise<number> {
    this.child.stdin.write(`GET ${path} HTTP/1.1\r\nHost: ${this.options.hostName}\r\n\r\n`);
    let headEnd = -1;
    await this.until(() => (headEnd = this.received.indexOf(HEAD_END)) >= 0);
    const head = this.received.subarray(0, headEnd).toString("latin1");
    const status = /^HTTP\/1\.1 (\d+)/.exec(head)?.[1];
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (status !== "200" || !Number.isFinite(length)) throw new Error(`s_client ${path}: ${head.split("\r\n")[0] ?? ""}`);
    const end = headEnd + HEAD_END.length + length;
    await this.until(() => this.received.length >= end);
    this.received = this.received.subarray(end);
    return length;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
