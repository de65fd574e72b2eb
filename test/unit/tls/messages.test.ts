import { describe, expect, it } from "vitest";
import { alertError } from "../../../native-host/src/tls/alerts.ts";
import { TlsError } from "../../../native-host/src/tls/errors.ts";
import { clientHello, parseCertificateRequest, parseNewSessionTicket, parseServerHello } from "../../../native-host/src/tls/messages.ts";
import { CIPHER_SUITES, TLS1_0, TLS1_2 } from "../../../native-host/src/tls/suites.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const random = new Uint8Array(32).fill(0xab);

function serverHello(extensions: string, compression = "00"): Uint8Array {
  return hex(`0303 ${"cd".repeat(32)} 00 c100 ${compression} ${extensions}`);
}

function thrown(f: () => unknown): TlsError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(TlsError);
    return error as TlsError;
  }
  throw new Error("no error");
}

describe("TLS handshake messages", () => {
  it("offers TLS 1.2, the GOST suites with the renegotiation SCSV, SNI and the GOST signature schemes", () => {
    const hello = Buffer.from(
      clientHello({
        random,
        suites: CIPHER_SUITES.map((s) => s.code),
        hostName: "lkipgost2.nalog.ru",
        sessionId: new Uint8Array(0),
        ticket: new Uint8Array(0),
      }),
    ).toString("hex");
    expect(hello.startsWith(`0303${"ab".repeat(32)}00000ac100c101c102ff8500ff0100`)).toBe(true);
    expect(hello).toContain(Buffer.from("lkipgost2.nalog.ru").toString("hex"));
    // signature_algorithms: type 13, 10 bytes, a list of 8 bytes.
    expect(hello).toContain("000d000a000808400841eeeeefef");
    // An empty session_ticket (type 35) asks the server for a ticket (RFC 5077 §3.2).
    expect(hello.endsWith("00230000")).toBe(true);
  });

  it("offers a session to resume by its ID and ticket", () => {
    const hello = Buffer.from(
      clientHello({ random, suites: [0xc100], hostName: null, sessionId: new Uint8Array(32).fill(0x11), ticket: hex("0102030405") }),
    ).toString("hex");
    expect(hello.startsWith(`0303${"ab".repeat(32)}20${"11".repeat(32)}0004c10000ff0100`)).toBe(true);
    expect(hello.endsWith("002300050102030405")).toBe(true);
  });

  it("reads the session ID and a promised ticket from ServerHello, and NewSessionTicket", () => {
    const hello = parseServerHello(hex(`0303 ${"cd".repeat(32)} 20 ${"ee".repeat(32)} c100 00 0009 ff01 0001 00 0023 0000`));
    expect(Buffer.from(hello.sessionId).toString("hex")).toBe("ee".repeat(32));
    expect(hello.ticketComing).toBe(true);
    expect(parseServerHello(serverHello("0005 ff01 0001 00")).ticketComing).toBe(false);
    // A ticket extension with data, and a session ID over 32 bytes, are the server's errors.
    expect(thrown(() => parseServerHello(serverHello("0005 0023 0001 00"))).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect(thrown(() => parseServerHello(hex(`0303 ${"cd".repeat(32)} 21 ${"ee".repeat(33)} c100 00`))).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect(Buffer.from(parseNewSessionTicket(hex("00001c20 0003 aabbcc"))!).toString("hex")).toBe("aabbcc");
    // RFC 5077 §3.3: an empty ticket means none after all.
    expect(parseNewSessionTicket(hex("00000000 0000"))).toBeNull();
    expect(thrown(() => parseNewSessionTicket(hex("00001c20 0003 aabb"))).code).toBe("TLS_UNEXPECTED_MESSAGE");
  });

  it("reads the server's version, random and suite", () => {
    const hello = parseServerHello(serverHello("0005 ff01 0001 00"));
    expect(hello.version).toBe(TLS1_2);
    expect(hello.suite).toBe(0xc100);
    expect(Buffer.from(hello.random).toString("hex")).toBe("cd".repeat(32));
  });

  it("refuses compression, extensions the client did not offer and trailing bytes", () => {
    expect(thrown(() => parseServerHello(serverHello("", "01"))).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect(thrown(() => parseServerHello(serverHello("0004 0017 0000"))).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect(thrown(() => parseServerHello(hex(`${Buffer.from(serverHello("")).toString("hex")}00`))).code).toBe("TLS_UNEXPECTED_MESSAGE");
    expect(thrown(() => parseServerHello(hex("0303 00"))).code).toBe("TLS_UNEXPECTED_MESSAGE");
  });

  it("reads CertificateRequest's signature schemes in TLS 1.2 only", () => {
    expect(parseCertificateRequest(hex("02 4344 0004 0840 eeee 0000"), TLS1_2).sigalgs).toEqual([0x0840, 0xeeee]);
    expect(parseCertificateRequest(hex("01 ee 0000"), TLS1_0).sigalgs).toEqual([]);
  });

  it("turns a server's alert into the error it means at that moment", () => {
    expect(alertError(40, "hello", "lk.example")).toMatchObject({ code: "TLS_NO_COMMON_SUITE", details: { server: "lk.example" } });
    expect(alertError(48, "client-certificate-sent", "lk.example")).toMatchObject({ code: "TLS_CLIENT_CERT_REJECTED", details: { alert: "unknown_ca" } });
    expect(alertError(48, "handshake", "lk.example")).toMatchObject({ code: "TLS_ALERT", details: { alert: "unknown_ca" } });
    expect(alertError(80, "established", "lk.example")).toMatchObject({ code: "TLS_ALERT", details: { alert: "internal_error" } });
  });
});
