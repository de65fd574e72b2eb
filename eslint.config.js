// Rules that catch bugs, not taste: formatting is Prettier's (.prettierrc.json).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "test-output/", "node_modules/", "**/*.iife.js"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Type information from the same tsconfig projects `tsc -b` checks.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ["error", "always"],
      // A variable a closure reads before its one assignment cannot be const.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-for-in-array": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // The local LK site's scripts run in the page.
    files: ["test/fixtures/lk-site/public/**/*.js", "test/fixtures/lk-site/stub-plugin/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
  {
    // The host's stdout carries only native-messaging frames; its log is host.log.
    files: ["native-host/src/**"],
    ignores: ["native-host/src/cli/**"],
    rules: { "no-console": "error" },
  },
  {
    // The extension's own console is its log.
    files: ["extension/src/**", "shared/**"],
    rules: { "no-console": ["error", { allow: ["error", "warn"] }] },
  },
  {
    // One way to call the browser: webextension-polyfill's `browser`; what it lacks is in chrome-only.ts.
    files: ["extension/src/**"],
    ignores: ["extension/src/chrome-only.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "chrome", message: "Use `browser` from webextension-polyfill; add what it lacks to extension/src/chrome-only.ts." },
      ],
    },
  },
);
