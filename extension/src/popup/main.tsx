import { runtimeApi } from "./api.ts";

// The token listing takes longest: ask for it before the UI's modules are even fetched.
const first = runtimeApi.load();
const { startPopup } = await import("./start.tsx");
await startPopup(first);
