/**
 * One HTTP/1.1 GET over an established connection. The body is whole or an error: it ends
 * where Content-Length or the last chunk says, or, without either, at the server's
 * close_notify; a connection that ends earlier is TLS_CONNECTION_CLOSED and nothing is returned.
 */
import { TlsError, protocolError } from "./errors.ts";

/** What HTTP needs of a connection: TlsConnection in use, any byte stream in tests. */
export interface ByteStream {
  write(data: Uint8Array): Promise<void>;
  /** The next bytes, or null at a proper end of stream. */
  read(): Promise<Uint8Array | null>;
}

export interface HttpResponse {
  httpVersion: string;
  status: number;
  statusText: string;
  /** In the order received, names as the server wrote them. */
  headers: [string, string][];
  body: Uint8Array;
}

const MAX_HEADER_BYTES = 64 * 1024;
const LATIN1 = new TextDecoder("latin1");

function truncated(): TlsError {
  return new TlsError("TLS_CONNECTION_CLOSED", "the server closed the connection before the end of the response");
}

function badHttp(en: string, ru: string): TlsError {
  return protocolError(`malformed HTTP response: ${en}`, `ответ HTTP искажён: ${ru}`);
}

/**
 * Bytes from the connection with a small look-ahead buffer for the head and chunk lines;
 * bodies are gathered as the pieces they arrive in and joined once, or, in one piece, handed
 * on as that piece: what a connection has returned from read() is never written again, so
 * views of it are taken rather than copies.
 */
class ResponseBytes {
  private buffer: Uint8Array = new Uint8Array(0);
  private ended = false;

  constructor(private readonly connection: ByteStream) {}

  /** The next piece from the connection; null at close_notify. */
  private async next(): Promise<Uint8Array | null> {
    if (this.ended) return null;
    const data = await this.connection.read();
    if (data === null) this.ended = true;
    return data;
  }

  /** Reads more into the look-ahead buffer; false at close_notify. */
  private async more(): Promise<boolean> {
    const data = await this.next();
    if (data === null) return false;
    this.buffer = this.buffer.length === 0 ? data : concatAll([this.buffer, data]);
    return true;
  }

  private take(length: number): Uint8Array {
    const out = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return out;
  }

  /** Up to and including the first CRLF CRLF. */
  async head(): Promise<string> {
    for (let searched = 0; ;) {
      for (let i = Math.max(0, searched - 3); i + 3 < this.buffer.length; i++) {
        if (this.buffer[i] === 13 && this.buffer[i + 1] === 10 && this.buffer[i + 2] === 13 && this.buffer[i + 3] === 10) {
          return LATIN1.decode(this.take(i + 4));
        }
      }
      searched = this.buffer.length;
      if (searched > MAX_HEADER_BYTES) throw badHttp("headers too long", "слишком длинные заголовки");
      if (!(await this.more())) throw truncated();
    }
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.findIndex((b, i) => b === 13 && this.buffer[i + 1] === 10);
      if (end >= 0) return LATIN1.decode(this.take(end + 2)).slice(0, -2);
      if (this.buffer.length > MAX_HEADER_BYTES) throw badHttp("line too long", "слишком длинная строка");
      if (!(await this.more())) throw truncated();
    }
  }

  /** Exactly `length` bytes, as pieces; what arrives beyond them stays buffered. */
  async exactly(length: number): Promise<Uint8Array[]> {
    const parts = [this.take(Math.min(length, this.buffer.length))];
    let missing = length - parts[0]!.length;
    while (missing > 0) {
      const data = await this.next();
      if (data === null) throw truncated();
      parts.push(data.subarray(0, missing));
      if (data.length > missing) this.buffer = data.subarray(missing);
      missing -= Math.min(missing, data.length);
    }
    return parts;
  }

  /** Everything up to close_notify, as pieces. */
  async rest(): Promise<Uint8Array[]> {
    const parts = [this.take(this.buffer.length)];
    for (let data; (data = await this.next()) !== null;) parts.push(data);
    return parts;
  }
}

function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function chunkedBody(bytes: ResponseBytes): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const sizeLine = (await bytes.line()).split(";")[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeLine)) throw badHttp("bad chunk size", "неверный размер блока");
    const size = parseInt(sizeLine, 16);
    if (size === 0) break;
    parts.push(...(await bytes.exactly(size)));
    if ((await bytes.line()) !== "") throw badHttp("chunk not followed by CRLF", "после блока нет CRLF");
  }
  while ((await bytes.line()) !== "");
  return concatAll(parts);
}

export async function httpGet(connection: ByteStream, url: URL): Promise<HttpResponse> {
  const request = [
    `GET ${url.pathname || "/"}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    "User-Agent: kep-bridge",
    "Accept: */*",
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  await connection.write(new TextEncoder().encode(request));
  return readHttpResponse(connection, "GET");
}

/** The response to a request already written; a HEAD response has no body whatever its headers say. */
export async function readHttpResponse(connection: ByteStream, method: string): Promise<HttpResponse> {
  const bytes = new ResponseBytes(connection);
  const [statusLine = "", ...headerLines] = (await bytes.head()).slice(0, -4).split("\r\n");
  const status = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) throw badHttp("no status line", "нет строки статуса");
  const headers = headerLines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    if (colon <= 0) throw badHttp("bad header line", "неверная строка заголовка");
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const code = Number(status[2]);
  let body: Uint8Array;
  if (method === "HEAD" || code === 204 || code === 304 || (code >= 100 && code < 200)) body = new Uint8Array(0);
  else if (
    header("transfer-encoding")
      ?.toLowerCase()
      .split(",")
      .map((s) => s.trim())
      .includes("chunked")
  )
    body = await chunkedBody(bytes);
  else if (header("content-length") !== undefined) {
    const length = header("content-length")!;
    if (!/^\d{1,15}$/.test(length)) throw badHttp("bad Content-Length", "неверный Content-Length");
    body = concatAll(await bytes.exactly(Number(length)));
  } else body = concatAll(await bytes.rest());
  return { httpVersion: status[1]!, status: code, statusText: status[3] ?? "", headers, body };
}
