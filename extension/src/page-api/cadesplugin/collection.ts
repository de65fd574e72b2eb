import { CadesObject } from "./async-proxy.ts";
import { invalidArg } from "./errors.ts";

/** A CAPICOM collection: `Count` and 1-based `Item(i)`, as every CryptoPro collection is. */
export class CadesCollection<T> extends CadesObject {
  protected readonly items: T[];

  constructor(items: readonly T[] = []) {
    super();
    this.items = [...items];
  }

  get Count(): number {
    return this.items.length;
  }

  Item(index: number): T {
    const item = Number.isInteger(index) ? this.items[index - 1] : undefined;
    if (item === undefined) throw invalidArg(`Индекс ${String(index)} вне диапазона 1..${this.items.length}`);
    return item;
  }

  /** For the shim's own use: the members in order. */
  values(): readonly T[] {
    return this.items;
  }
}

/** A collection the page fills: attribute lists, X509Extensions, CObjectIds. */
export class MutableCollection<T> extends CadesCollection<T> {
  /** `accepts` checks what the page passes to Add, which arrives untyped. */
  constructor(
    private readonly accepts: (item: unknown) => item is T,
    private readonly what: string,
  ) {
    super();
  }

  Add(item: unknown): void {
    if (!this.accepts(item)) throw invalidArg(`Ожидался объект ${this.what}`);
    this.items.push(item);
  }

  Remove(index: number): void {
    this.Item(index);
    this.items.splice(index - 1, 1);
  }

  Clear(): void {
    this.items.length = 0;
  }
}
