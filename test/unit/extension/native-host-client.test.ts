import { afterEach, describe, expect, it, vi } from "vitest";
import { NativeHostClient, type HostPort } from "../../../extension/src/background/native-host.ts";
import { KepError, PROTOCOL_VERSION, splitSerialized } from "../../../shared/protocol/index.ts";

type Request = { id: number; cmd: string };

/** A port whose host side the test scripts: `answer` decides what comes back for each request. */
class FakePort implements HostPort {
  sent: Request[] = [];
  disconnected = false;
  error: { message: string } | null = null;
  private messageListeners: ((m: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  constructor(private readonly answer: (request: Request, port: FakePort) => void) {}
  onMessage = { addListener: (l: (m: unknown) => void) => void this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: () => void) => void this.disconnectListeners.push(l) };
  postMessage(message: unknown): void {
    const request = message as Request;
    this.sent.push(request);
    queueMicrotask(() => this.answer(request, this));
  }
  disconnect(): void {
    this.disconnected = true;
  }
  reply(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  hostExit(): void {
    for (const l of this.disconnectListeners) l();
  }
}

const HELLO = { protocol: PROTOCOL_VERSION, host: { name: "kep-bridge-host", version: "0.1.0" }, modules: [], logFile: "/tmp/host.log" };

function client(answer: (request: Request, port: FakePort) => void, reason?: (port: HostPort) => string | undefined, requestTimeoutMs = 1000) {
  const ports: FakePort[] = [];
  const host = new NativeHostClient({
    connect: () => {
      const port = new FakePort(answer);
      ports.push(port);
      return port;
    },
    disconnectReason: reason ?? (() => undefined),
    clientVersion: "0.1.0",
    requestTimeoutMs,
    idleMs: 60_000,
  });
  return { host, ports };
}

const standard = (request: Request, port: FakePort) => {
  if (request.cmd === "handshake") port.reply({ id: request.id, ok: true, result: HELLO });
  if (request.cmd === "listTokens") port.reply({ id: request.id, ok: true, result: { tokens: [], modules: [] } });
};

afterEach(() => vi.useRealTimers());

describe("native host client", () => {
  it("handshakes once, then sends commands with fresh ids", async () => {
    const { host, ports } = client(standard);
    await host.call("listTokens", {});
    await host.call("listTokens", {});
    expect(ports).toHaveLength(1);
    expect(ports[0]!.sent.map((r) => r.cmd)).toEqual(["handshake", "listTokens", "listTokens"]);
    expect(new Set(ports[0]!.sent.map((r) => r.id)).size).toBe(3);
    host.close();
  });

  it("reports a host that speaks another major protocol as VERSION_MISMATCH, naming the side to update", async () => {
    const { host } = client((request, port) => port.reply({ id: request.id, ok: true, result: { ...HELLO, protocol: "0.9.0" } }));
    const error = await host.handshake().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KepError);
    expect(error).toMatchObject({ code: "VERSION_MISMATCH", details: { update: "host" } });
  });

  it("turns Chrome's 'not found' disconnect into HOST_NOT_FOUND", async () => {
    const { host } = client(
      (_request, port) => port.hostExit(),
      () => "Specified native messaging host not found.",
    );
    await expect(host.handshake()).rejects.toMatchObject({ code: "HOST_NOT_FOUND" });
  });

  it("turns Firefox's reasons on the closed port into HOST_NOT_FOUND", async () => {
    for (const reason of [
      "No such native application ru.kepbridge.host",
      "This extension does not have permission to use native application ru.kepbridge.host (or the application is not installed)",
      "File at path /opt/kep-bridge/kep-host does not exist, or is not executable",
    ]) {
      const { host } = client(
        (_request, port) => {
          port.error = { message: reason };
          port.hostExit();
        },
        (port) => port.error?.message,
      );
      await expect(host.handshake(), reason).rejects.toMatchObject({ code: "HOST_NOT_FOUND" });
    }
  });

  it("fails pending calls with HOST_DISCONNECTED when the host exits, and reconnects on the next call", async () => {
    let crash = true;
    const { host, ports } = client((request, port) => {
      if (request.cmd === "listTokens" && crash) {
        crash = false;
        return port.hostExit();
      }
      standard(request, port);
    });
    await expect(host.call("listTokens", {})).rejects.toMatchObject({ code: "HOST_DISCONNECTED" });
    await expect(host.call("listTokens", {})).resolves.toEqual({ tokens: [], modules: [] });
    expect(ports).toHaveLength(2);
    host.close();
  });

  it("times out a request the host never answers", async () => {
    const { host } = client((request, port) => (request.cmd === "handshake" ? standard(request, port) : undefined), undefined, 50);
    await expect(host.call("listTokens", {})).rejects.toMatchObject({ code: "TIMEOUT" });
    host.close();
  });

  it("reassembles a split answer and validates it against the command's schema", async () => {
    const { host } = client((request, port) => {
      if (request.cmd === "handshake") return standard(request, port);
      const json = JSON.stringify({ id: request.id, ok: true, result: { tokens: [], modules: [] } });
      for (const part of splitSerialized(request.id, json, 7)) port.reply(part);
    });
    await expect(host.call("listTokens", {})).resolves.toEqual({ tokens: [], modules: [] });
    host.close();
  });

  it("rejects a result of the wrong shape instead of passing it to the UI", async () => {
    const { host } = client((request, port) =>
      request.cmd === "handshake" ? standard(request, port) : port.reply({ id: request.id, ok: true, result: { tokens: "many" } }),
    );
    await expect(host.call("listTokens", {})).rejects.toMatchObject({ code: "INTERNAL", message: expect.stringMatching(/malformed listTokens/) });
    host.close();
  });

  it("passes the host's error through with its details", async () => {
    const { host } = client((request, port) =>
      request.cmd === "handshake"
        ? standard(request, port)
        : port.reply({ id: request.id, ok: false, error: { code: "PIN_INCORRECT", message: "CKR_PIN_INCORRECT", details: { triesLeft: 2 } } }),
    );
    await expect(host.call("listTokens", {})).rejects.toMatchObject({ code: "PIN_INCORRECT", details: { triesLeft: 2 } });
    host.close();
  });

  it("hands validated host events to listeners and treats a malformed one as a protocol violation", async () => {
    const { host, ports } = client(standard);
    await host.handshake();
    const events: unknown[] = [];
    host.onEvent((event) => events.push(event));
    ports[0]!.reply({ event: "loggedOut", token: { module: "/m.so", serial: "1" }, reason: "timeout" });
    expect(events).toEqual([{ event: "loggedOut", token: { module: "/m.so", serial: "1" }, reason: "timeout" }]);
    ports[0]!.reply({ event: "loggedOut", token: { module: "/m.so" }, reason: "whim" });
    expect(events).toHaveLength(1);
    expect(ports[0]!.disconnected).toBe(true);
  });
});
