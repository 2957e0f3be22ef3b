// Lint rules, including the module boundaries described in docs/architecture.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const drivers = ["pg", "better-sqlite3"];
const transports = ["fastify", "smtp-server", "imapflow", "nodemailer"];

const restrict = (paths, patterns, message) => ({
  "no-restricted-imports": ["error", {
    paths: paths.map((name) => ({ name, message })),
    patterns: patterns.map((group) => ({ group: [group], message })),
  }],
});

// What the browser code may import (see the src/web blocks below).
const webImports = [
  { group: ["**/server/**", "**/scripts/**", "**/e2e/**", "**/bench/**"], message: "web/ imports only src/common and its own files" },
  { group: ["node:*"], message: "web/ runs in the browser: no Node built-ins" },
  { regex: "^(?!(preact|marked)(/|$))[a-z@]", message: "web/ imports only preact (and marked, for the composer) from packages" },
];

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "dist/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", crypto: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // The domain knows no transport and no database driver.
    files: ["src/server/modules/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restrict([...drivers, ...transports], ["**/channels/**", "**/http/**", "**/db/connect.ts"],
      "modules/* stay free of transports and drivers: go through ingest, outbound or db/sql.ts"),
  },
  {
    // Channels adapt a transport and hand the message to ingest; they never write the domain themselves.
    files: ["src/server/channels/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.fixture.ts", "**/*.test-helper.ts"],
    rules: restrict([...drivers, "fastify"], ["**/modules/tickets/**", "**/modules/customers/**", "**/http/**", "**/outbound/**"],
      "channels/* reach the domain only through ingest"),
  },
  {
    // HTTP calls commands, policies and presenters, never a driver.
    files: ["src/server/http/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restrict([...drivers, "smtp-server", "imapflow"], ["**/channels/**", "**/db/**"],
      "http/* calls commands and presenters; only db/ talks to the database"),
  },
  {
    // Only db/ imports database drivers.
    files: ["src/server/ingest/**/*.ts", "src/server/outbound/**/*.ts", "src/server/jobs/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restrict(drivers, ["**/http/**", "**/channels/**"], "only db/ imports database drivers; ingest and outbound know no HTTP or channel"),
  },
  {
    files: ["src/common/**/*.ts"],
    rules: restrict([...drivers, ...transports], ["**/server/**"], "common/ is shared with the browser: no server code"),
  },
  {
    // The browser: its own files, src/common and preact only; never server code or Node built-ins.
    files: ["src/web/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    languageOptions: {
      globals: Object.fromEntries(["window", "document", "navigator", "location", "history", "localStorage", "sessionStorage", "fetch", "EventSource",
        "HashChangeEvent", "KeyboardEvent", "MessageEvent", "Event", "HTMLElement", "HTMLInputElement", "HTMLTextAreaElement", "HTMLDialogElement",
        "File", "FileList", "Blob", "FormData", "Headers", "Request", "Response", "URLSearchParams", "Intl", "performance"].map((g) => [g, "readonly"])),
    },
    rules: { "no-restricted-imports": ["error", { patterns: webImports }] },
  },
  {
    // Console features stand alone (bulletproof-react): the app composes them; shared code lives in lib/ and ui/.
    files: ["src/web/console/features/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [...webImports, { regex: "^\\.\\./(?!\\.\\.)[^/]+/", message: "a console feature does not import another feature" }] }] },
  },
);
