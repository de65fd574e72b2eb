/**
 * cadesplugin.async_spawn(generatorFn, ...args) as the loader defines it: the generator
 * gets the extra arguments as ONE array (`function*(args) { args[0] … }`), each yielded
 * value is awaited and sent back in (a rejection is thrown into the generator), and the
 * result is a Promise of the generator's return value.
 */
export function asyncSpawn(generatorFn: (args: unknown[]) => Generator<unknown, unknown, unknown>, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let generator: Generator<unknown, unknown, unknown>;
    const step = (verb: "next" | "throw", value: unknown): void => {
      let result: IteratorResult<unknown, unknown>;
      try {
        result = verb === "next" ? generator.next(value) : generator.throw(value);
      } catch (error) {
        reject(error);
        return;
      }
      if (result.done) resolve(result.value);
      else
        Promise.resolve(result.value).then(
          (v) => step("next", v),
          (e: unknown) => step("throw", e),
        );
    };
    try {
      generator = generatorFn(args);
    } catch (error) {
      reject(error);
      return;
    }
    step("next", undefined);
  });
}
