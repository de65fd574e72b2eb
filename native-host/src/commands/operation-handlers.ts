import { existsSync } from "node:fs";
import type { Command, RequestOf, ResultOf } from "../../../shared/protocol/index.ts";
import { loadDoctor } from "../doctor/load.ts";
import { gatewayStart, gatewayStatus, gatewayStop } from "../gateway/gateway-commands.ts";
import { createCsr } from "../operations/create-csr.ts";
import { deleteObjects } from "../operations/delete-objects.ts";
import { generateKeyPair } from "../operations/generate-key-pair.ts";
import { signDigest } from "../operations/sign.ts";
import { signHash } from "../operations/sign-hash.ts";
import { writeCertificate } from "../operations/write-certificate.ts";
import { writeModulePaths } from "../pkcs11/discovery.ts";
import { assertTrustedModulePath } from "../pkcs11/module-trust.ts";
import { checkRevocation } from "../revocation/check-revocation.ts";
import { listObjects } from "../tokens/list-objects.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import type { HostContext } from "./context.ts";
import { HOST_VERSION } from "./host-identity.ts";

/** Every command but the handshake. */
export type OperationCommand = Exclude<Command, "handshake">;

type Handlers = { [C in OperationCommand]: (request: RequestOf<C>, ctx: HostContext) => Promise<ResultOf<C>> };

export const handlers: Handlers = {
  listTokens: (_request, ctx) => listTokens(ctx.registry),
  listObjects: (request, ctx) => listObjects(ctx.registry.get(request.token.module), request.token),
  async login(request, ctx) {
    const { expiresInMs } = await ctx.sessions.login(ctx.registry.get(request.token.module), request.token, request.pin);
    return { loggedIn: true, expiresInMs };
  },
  async setModulePaths(request, ctx) {
    // An untrusted path is refused before it reaches config.json, so it never loads later either.
    for (const path of request.modules) if (existsSync(path)) assertTrustedModulePath(path);
    const configFile = writeModulePaths(request.modules);
    await ctx.sessions.closeAll();
    ctx.log.info("module paths saved", { count: request.modules.length });
    return { configFile, modules: await ctx.registry.reload() };
  },
  async logout(request, ctx) {
    await ctx.sessions.logout(ctx.registry.get(request.token.module), request.token);
    return { loggedIn: false };
  },
  generateKeyPair: (request, ctx) => generateKeyPair(ctx.sessions, ctx.registry.get(request.token.module), request),
  createCsr: (request, ctx) => createCsr(ctx.sessions, ctx.registry.get(request.token.module), request),
  writeCertificate: (request, ctx) => writeCertificate(ctx.sessions, ctx.registry.get(request.token.module), request),
  deleteObjects: (request, ctx) => deleteObjects(ctx.sessions, ctx.registry.get(request.token.module), request),
  signDigest: (request, ctx) => signDigest(ctx.sessions, ctx.registry.get(request.token.module), request),
  signHash: (request, ctx) => signHash(ctx.sessions, ctx.registry.get(request.token.module), request),
  checkRevocation: (request, ctx) => checkRevocation(ctx.registry.get(request.token.module), request),
  async doctor(request, ctx) {
    const { collectDoctorReport, renderReport } = await loadDoctor();
    // Never full: this report leaves through the browser, so it must not name the user.
    const report = await collectDoctorReport(ctx.registry, { full: false, hostVersion: HOST_VERSION });
    return { report, text: renderReport(report, request.lang) };
  },
  gatewayStart,
  gatewayStop,
  gatewayStatus,
};
