import type { Readable, Writable } from "node:stream";
import * as v from "valibot";
import { type ErrorInfo, type HostEvent, type Request, RequestId, RequestSchema, type Response, serializeError } from "../../shared/protocol/index.ts";
import { dispatch } from "./commands/handlers.ts";
import type { HostContext } from "./commands/context.ts";
import { FrameReader } from "./io/frame-reader.ts";
import { encodeFrame, encodeResponse } from "./io/frame-writer.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

type Parsed = { ok: true; request: Request } | { ok: false; id: number | null; error: ErrorInfo };

function badRequest(id: number | null, message: string): Parsed {
  return { ok: false, id, error: { code: "BAD_REQUEST", message } };
}

/** Decodes and validates one frame body; never throws. */
export function parseFrame(body: Buffer): Parsed {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return badRequest(null, "frame is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return badRequest(null, `frame is not JSON (${body.length} bytes)`);
  }
  const idResult = v.safeParse(RequestId, (json as { id?: unknown } | null)?.id);
  const id = idResult.success ? idResult.output : null;
  const result = v.safeParse(RequestSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    return badRequest(id, `invalid request${where ? ` at ${where}` : ""}: ${issue ? withoutInput(issue) : "wrong shape"}`);
  }
  return { ok: true, request: result.output };
}

/**
 * valibot's messages quote the input ("… but received 12345678"); a PIN or a document sent
 * with the wrong type would reach the log and the reply that way, so the value is cut out.
 */
function withoutInput(issue: v.BaseIssue<unknown>): string {
  return issue.received && issue.received !== "undefined" ? issue.message.replaceAll(issue.received, "(value not shown)") : issue.message;
}

/**
 * One conversation with the browser: frames in, responses out, until the input ends.
 * Requests run concurrently (each module serializes its own calls), and every request
 * gets exactly one response, whatever happens inside it. Commands other than the
 * handshake are refused until a compatible handshake succeeded.
 */
export function serve(input: Readable, output: Writable, ctx: HostContext): Promise<"eof" | "truncated"> {
  const reader = new FrameReader();
  let handshaken = false;
  const inFlight = new Set<Promise<void>>();

  const send = (response: Response) => {
    for (const frame of encodeResponse(response)) output.write(frame);
  };
  ctx.sessions.onEvent = (event: HostEvent) => {
    ctx.log.info("event", { event: event.event, serial: event.token.serial });
    output.write(encodeFrame(JSON.stringify(event)));
  };

  const handle = async (parsed: Parsed) => {
    if (!parsed.ok) {
      ctx.log.warn("bad request", { id: parsed.id, reason: parsed.error.message });
      send({ id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const { request } = parsed;
    if (request.cmd !== "handshake" && !handshaken) {
      send({ id: request.id, ok: false, error: { code: "BAD_REQUEST", message: "handshake first" } });
      return;
    }
    const started = Date.now();
    try {
      const result = await dispatch(request, ctx);
      if (request.cmd === "handshake") handshaken = true;
      ctx.log.info("request done", { id: request.id, cmd: request.cmd, ms: Date.now() - started });
      send({ id: request.id, ok: true, result });
    } catch (error) {
      const info = serializeError(error);
      const level = info.code === "INTERNAL" ? "error" : "warn";
      ctx.log[level]("request failed", {
        id: request.id,
        cmd: request.cmd,
        code: info.code,
        reason: info.message,
        stack: error instanceof Error && info.code === "INTERNAL" ? error.stack : undefined,
      });
      send({ id: request.id, ok: false, error: info });
    }
  };

  return new Promise((resolve) => {
    input.on("data", (chunk: Buffer) => {
      for (const event of reader.push(chunk)) {
        const parsed = event.kind === "frame" ? parseFrame(event.body) : badRequest(null, `frame of ${event.length} bytes is over the limit`);
        const task = handle(parsed).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    });
    input.on("end", () => {
      void Promise.allSettled([...inFlight]).then(() => resolve(reader.midFrame ? "truncated" : "eof"));
    });
  });
}
