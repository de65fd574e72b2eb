import { vi } from "vitest";

// Unit tests run outside a browser, where webextension-polyfill refuses to load. Here its
// `browser` is whatever `chrome` stub the test installed, read at each call, so a test can
// replace the stub between cases.
vi.mock("webextension-polyfill", () => ({
  default: new Proxy(
    {},
    {
      get: (_target, namespace: string) => (globalThis as unknown as { chrome?: Record<string, unknown> }).chrome?.[namespace],
    },
  ),
}));
