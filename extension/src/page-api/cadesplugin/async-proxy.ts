import { toPluginError } from "./errors.ts";

/**
 * Base class of every object the shim hands to pages. Subclasses implement the
 * CryptoPro members plainly: properties as accessors, methods as prototype methods, both
 * PascalCase as in the plug-in; anything else (lower-case helpers, #private state) stays
 * invisible to the page.
 */
export abstract class CadesObject {}

/**
 * The async plug-in's view of an object (nmcades_plugin_api.js): reading a property
 * gives a Promise of its value, `propset_Name(v)` writes it and gives a Promise, every
 * method call gives a Promise, objects come back as such proxies and are recognised again
 * when passed as arguments. Pages `yield`/`await` each step.
 */
export type CadesProxy = Readonly<Record<string, unknown>>;

const proxies = new WeakMap<CadesObject, CadesProxy>();
const targets = new WeakMap<object, CadesObject>();

type Member = { kind: "method"; fn: (...args: unknown[]) => unknown } | { kind: "property"; settable: boolean };

/** PascalCase members, plus toString where a class defines it (the Version object). */
function member(target: CadesObject, name: string): Member | null {
  if (!/^[A-Z]/.test(name) && name !== "toString") return null;
  for (let proto: object | null = Object.getPrototypeOf(target); proto && proto !== CadesObject.prototype; proto = Object.getPrototypeOf(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d) continue;
    if (typeof d.value === "function") return { kind: "method", fn: d.value as (...args: unknown[]) => unknown };
    if (d.get) return { kind: "property", settable: d.set !== undefined };
  }
  return null;
}

/** The object behind a proxy, or the value itself. */
export function unwrap(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (targets.get(value) ?? value) : value;
}

function wrap(value: unknown): unknown {
  return value instanceof CadesObject ? asyncProxy(value) : value;
}

/** Runs one page call: result wrapped, any failure turned into the plug-in's error shape. */
function settle(call: () => unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      Promise.resolve(call()).then(
        (value) => resolve(wrap(value)),
        (error: unknown) => reject(toPluginError(error)),
      );
    } catch (error) {
      reject(toPluginError(error));
    }
  });
}

/**
 * The plug-in handles one object's calls in the order they were made: a page may start
 * `store.Open(...)` and read `store.Certificates` without waiting in between (minified
 * crypto-pro does), and still sees the opened store. Each object's calls run in turn here.
 */
const queues = new WeakMap<CadesObject, Promise<unknown>>();

function inOrder(target: CadesObject, call: () => unknown): Promise<unknown> {
  const previous = queues.get(target) ?? Promise.resolve();
  const result = previous.then(() => settle(call));
  queues.set(
    target,
    result.catch(() => undefined),
  );
  return result;
}

export function asyncProxy(target: CadesObject): CadesProxy {
  const known = proxies.get(target);
  if (known) return known;
  const record = target as unknown as Record<string, unknown>;
  // The proxied shell is empty, so nothing but the members resolved below can leak out;
  // in particular `then` is undefined, so a proxy never looks like a thenable.
  const proxy = new Proxy(Object.create(null) as CadesProxy, {
    get(_shell, name) {
      if (typeof name !== "string") return undefined;
      if (name.startsWith("propset_")) {
        const property = name.slice("propset_".length);
        const m = member(target, property);
        if (m?.kind !== "property") return undefined;
        return (value: unknown) =>
          inOrder(target, () => {
            if (!m.settable) throw new TypeError(`${property} is read-only`);
            record[property] = unwrap(value);
          });
      }
      const m = member(target, name);
      if (!m) return undefined;
      if (m.kind === "method") return (...args: unknown[]) => inOrder(target, () => m.fn.apply(target, args.map(unwrap)));
      return inOrder(target, () => record[name]);
    },
  });
  proxies.set(target, proxy);
  targets.set(proxy, target);
  return proxy;
}
