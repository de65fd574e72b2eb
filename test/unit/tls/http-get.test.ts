import { describe, expect, it } from "vitest";
import { TlsError } from "../../../native-host/src/tls/errors.ts";
import { httpGet, type ByteStream } from "../../../native-host/src/tls/http-get.ts";

/** A server's answer cut into the pieces it arrives in; `closeNotify: false` ends like a dropped TCP connection. */
function stream(pieces: string[], closeNotify = true): ByteStream & { sent: string } {
  const queue = pieces.map((p) => new TextEncoder().encode(p));
  const s = {
    sent: "",
    async write(data: Uint8Array) {
      s.sent += new TextDecoder().decode(data);
    },
    async read() {
      const next = queue.shift();
      if (next) return next;
      if (closeNotify) return null;
      throw new TlsError("TLS_CONNECTION_CLOSED", "connection closed by the server");
    },
  };
  return s;
}

const URL_ = new URL("https://lkipgost2.nalog.ru/lk/?a=1");
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function failure(pieces: string[], closeNotify = true): Promise<TlsError> {
  const error = await httpGet(stream(pieces, closeNotify), URL_).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TlsError);
  return error as TlsError;
}

describe("HTTP GET over a TLS stream", () => {
  it("sends one GET with Host and Connection: close", async () => {
    const s = stream(["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"]);
    await httpGet(s, URL_);
    expect(s.sent).toBe("GET /lk/?a=1 HTTP/1.1\r\nHost: lkipgost2.nalog.ru\r\nUser-Agent: kep-bridge\r\nAccept: */*\r\nConnection: close\r\n\r\n");
  });

  it("reads exactly Content-Length bytes, split anywhere", async () => {
    const r = await httpGet(stream(["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 5\r\nX-A: b\r\n\r", "\nhel", "lo"]), URL_);
    expect([r.status, r.statusText, text(r.body)]).toEqual([200, "OK", "hello"]);
    expect(r.headers).toEqual([
      ["Content-Length", "5"],
      ["X-A", "b"],
    ]);
  });

  it("joins chunks and skips trailers", async () => {
    const r = await httpGet(stream(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n", "6\r\n world\r\n0\r\nT: v\r\n\r\n"]), URL_);
    expect(text(r.body)).toBe("hello world");
  });

  it("reads to close_notify when the length is not given", async () => {
    const r = await httpGet(stream(["HTTP/1.0 200 ok\r\n\r\nabc", "def"]), URL_);
    expect(text(r.body)).toBe("abcdef");
  });

  it("fails when the stream ends before Content-Length is reached", async () => {
    expect((await failure(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"])).code).toBe("TLS_CONNECTION_CLOSED");
  });

  it("fails when the stream ends inside a chunk or before the last chunk", async () => {
    expect((await failure(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"])).code).toBe("TLS_CONNECTION_CLOSED");
    expect((await failure(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"])).code).toBe("TLS_CONNECTION_CLOSED");
  });

  it("fails when a close-delimited body ends without close_notify", async () => {
    expect((await failure(["HTTP/1.0 200 ok\r\n\r\nabc"], false)).code).toBe("TLS_CONNECTION_CLOSED");
  });

  it("refuses malformed responses", async () => {
    expect((await failure(["SSH-2.0-OpenSSH\r\n\r\n"])).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect((await failure(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"])).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect((await failure(["HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"])).code).toBe("TLS_UNEXPECTED_MESSAGE");
  });
});
