import { createHash } from "node:crypto";

/** A token's serial as the report shows it without --full: stable across runs, not reversible in practice. */
export function serialTag(serial: string): string {
  return serial ? `#${createHash("sha256").update(serial).digest("hex").slice(0, 8)}` : "";
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces the user's home folder by `~` and any other user's home folder by `~user`,
 * in every string of a value. Paths in loader messages and manifests carry the user name;
 * support needs the path's shape, not whose it is.
 */
export function hideHomes<T>(value: T, home: string): T {
  const own = home && home !== "/" ? new RegExp(`${escape(home)}(?=$|[\\\\/"'\\s:;,)])`, "g") : null;
  const others = /(\/home\/|\/Users\/|[A-Za-z]:\\Users\\)[^\\/\s"':;,)]+/g;
  const scrub = (text: string) => (own ? text.replace(own, "~") : text).replace(others, "~user");
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return scrub(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === "object") return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    return item;
  };
  return walk(value) as T;
}
