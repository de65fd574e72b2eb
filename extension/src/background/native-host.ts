import * as v from "valibot";
import {
  checkCompatibility,
  deserializeError,
  KepError,
  PartAssembler,
  PROTOCOL_VERSION,
  EventSchema,
  ResponsePartSchema,
  ResponseSchema,
  ResultSchemas,
  type Command,
  type HostEvent,
  type RequestOf,
  type ResultOf,
} from "../../../shared/protocol/index.ts";

export const NATIVE_HOST_NAME = "ru.kepbridge.host";

/** The part of a runtime port the client uses; the browser's Port satisfies it. */
export interface HostPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  /** Firefox's reason for the close; Chrome leaves it out and sets runtime.lastError. */
  readonly error?: { readonly message: string } | null;
}

export interface NativeHostOptions {
  connect: () => HostPort;
  /** Why the port closed, read inside onDisconnect (chrome.runtime.lastError in Chrome, port.error in Firefox). */
  disconnectReason: (port: HostPort) => string | undefined;
  clientVersion: string;
  requestTimeoutMs?: number;
  idleMs?: number;
}

interface Pending {
  cmd: Command;
  resolve: (result: unknown) => void;
  reject: (error: KepError) => void;
  timer: ReturnType<typeof setTimeout>;
}

// The browsers' own disconnect messages: Chrome's "Specified native messaging host not found."
// and "... is forbidden."; Firefox's "No such native application ...", "File at path ... does
// not exist, or is not executable" and "... does not have permission to use native application".
const HOST_MISSING = /not found|no such native application|does not exist/i;
const HOST_REFUSED = /forbidden|does not have permission/i;

function disconnectError(reason: string | undefined): KepError {
  if (reason && HOST_MISSING.test(reason)) {
    return new KepError("HOST_NOT_FOUND", `native host ${NATIVE_HOST_NAME} is not installed: ${reason}`);
  }
  if (reason && HOST_REFUSED.test(reason)) {
    return new KepError("HOST_NOT_FOUND", `the installed host manifest does not trust this extension: ${reason}`);
  }
  return new KepError("HOST_DISCONNECTED", `native host exited${reason ? `: ${reason}` : ""}`);
}

/**
 * The one owner of the native port. Connects on first use, handshakes before anything
 * else, matches answers to requests by id, reassembles split answers, validates every
 * answer against the schema of the command it answers, times requests out, and
 * reconnects on the next call after the host exits. Idle ports are closed so the host
 * releases the token for other programs.
 */
export class NativeHostClient {
  private port: HostPort | undefined;
  private ready: Promise<ResultOf<"handshake">> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly assembler = new PartAssembler();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly eventListeners = new Set<(event: HostEvent) => void>();

  constructor(private readonly options: NativeHostOptions) {}

  /** Host events (a login that ended on its own); validated like responses. */
  onEvent(listener: (event: HostEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  handshake(): Promise<ResultOf<"handshake">> {
    if (this.ready) return this.ready;
    const port = this.options.connect();
    this.port = port;
    port.onMessage.addListener((message) => this.onMessage(message));
    port.onDisconnect.addListener(() => this.onDisconnect(port));
    const ready = this.send(port, "handshake", { protocol: PROTOCOL_VERSION, client: `kep-bridge-extension/${this.options.clientVersion}` }).then((result) => {
      const compatibility = checkCompatibility(PROTOCOL_VERSION, result.protocol);
      if (!compatibility.ok) {
        throw new KepError("VERSION_MISMATCH", `host speaks ${result.protocol}, extension ${PROTOCOL_VERSION}`, {
          host: result.protocol,
          extension: PROTOCOL_VERSION,
          update: compatibility.update,
        });
      }
      return result;
    });
    this.ready = ready;
    ready.catch(() => this.close());
    return ready;
  }

  async call<C extends Exclude<Command, "handshake">>(cmd: C, params: Omit<RequestOf<C>, "id" | "cmd">): Promise<ResultOf<C>> {
    await this.handshake();
    if (!this.port) throw disconnectError(undefined);
    return this.send(this.port, cmd, params);
  }

  close(): void {
    const port = this.port;
    this.port = undefined;
    this.ready = undefined;
    port?.disconnect();
    this.failAll(new KepError("HOST_DISCONNECTED", "connection closed"));
  }

  private send<C extends Command>(port: HostPort, cmd: C, params: Omit<RequestOf<C>, "id" | "cmd">): Promise<ResultOf<C>> {
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise<ResultOf<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.assembler.drop(id);
        reject(new KepError("TIMEOUT", `${cmd} got no answer in ${this.timeoutMs} ms`));
        this.scheduleIdle();
      }, this.timeoutMs);
      this.pending.set(id, { cmd, resolve: resolve as (r: unknown) => void, reject, timer });
      port.postMessage({ ...params, id, cmd });
    });
  }

  private get timeoutMs(): number {
    return this.options.requestTimeoutMs ?? 30_000;
  }

  private onMessage(message: unknown): void {
    if (message !== null && typeof message === "object" && "event" in message) {
      const event = v.safeParse(EventSchema, message);
      if (!event.success) return this.protocolViolation("malformed event");
      for (const listener of this.eventListeners) listener(event.output);
      return;
    }
    let whole: unknown = message;
    if (message !== null && typeof message === "object" && "part" in message) {
      const part = v.safeParse(ResponsePartSchema, message);
      if (!part.success) return this.protocolViolation("malformed response part");
      let text: string | undefined;
      try {
        text = this.assembler.add(part.output);
      } catch (error) {
        return this.fail(part.output.id, new KepError("INTERNAL", (error as Error).message));
      }
      if (text === undefined) return;
      try {
        whole = JSON.parse(text);
      } catch {
        return this.fail(part.output.id, new KepError("INTERNAL", "reassembled response is not JSON"));
      }
    }
    const parsed = v.safeParse(ResponseSchema, whole);
    if (!parsed.success) return this.protocolViolation("malformed response");
    const response = parsed.output;
    if (response.id === null) return this.protocolViolation(`host rejected a frame: ${response.ok ? "" : response.error.message}`);
    const pending = this.pending.get(response.id);
    if (!pending) return;
    if (!response.ok) return this.fail(response.id, deserializeError(response.error));
    const result = v.safeParse(ResultSchemas[pending.cmd], response.result);
    if (!result.success) {
      return this.fail(response.id, new KepError("INTERNAL", `host sent a malformed ${pending.cmd} result at ${v.getDotPath(result.issues[0]) ?? "root"}`));
    }
    this.settle(response.id);
    pending.resolve(result.output);
    this.scheduleIdle();
  }

  /** A frame we cannot attribute to a request means the peers disagree; start afresh. */
  private protocolViolation(message: string): void {
    this.failAll(new KepError("INTERNAL", `protocol violation: ${message}`));
    this.close();
  }

  private onDisconnect(port: HostPort): void {
    if (port !== this.port) return;
    const error = disconnectError(this.options.disconnectReason(port));
    this.port = undefined;
    this.ready = undefined;
    this.failAll(error);
  }

  private settle(id: number): void {
    const pending = this.pending.get(id);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(id);
  }

  private fail(id: number, error: KepError): void {
    const pending = this.pending.get(id);
    this.settle(id);
    pending?.reject(error);
    this.scheduleIdle();
  }

  private failAll(error: KepError): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size > 0 || !this.port) return;
    this.idleTimer = setTimeout(() => this.close(), this.options.idleMs ?? 60_000);
  }
}
