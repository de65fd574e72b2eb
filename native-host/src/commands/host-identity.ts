export const HOST_NAME = "kep-bridge-host";
declare const __HOST_VERSION__: string;
export const HOST_VERSION = typeof __HOST_VERSION__ === "string" ? __HOST_VERSION__ : "0.0.0-dev";
