/**
 * The CMS builder and the digests, loaded on first use. Streebog builds its tables when
 * loaded and the whole subtree is a third of the host bundle; most host starts only list
 * tokens, and the browser waits for the handshake on every start.
 */
export const loadCms = () => import("./lazy.ts");
export type Cms = Awaited<ReturnType<typeof loadCms>>;
