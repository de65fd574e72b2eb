/**
 * The doctor, loaded on first use: it pulls in the full certificate parser, which every
 * other host start does without (the browser waits for the handshake).
 */
export const loadDoctor = () => import("./lazy.ts");
