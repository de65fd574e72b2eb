import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// Two projects: fast unit tests run in parallel; system tests (real PKCS#11 modules, real
// host processes, real Chromium) run one file at a time, because two Chromiums or two
// token-provisioning runs on a 2-core machine make each other time out.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.{ts,tsx}"],
          setupFiles: ["test/unit/browser-polyfill.ts"],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "system",
          include: ["test/softtoken/**/*.test.ts", "test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
