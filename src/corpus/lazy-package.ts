/**
 * A dependency loaded when first used, not when the module naming it is: chrono-node, linkedom, openai and zod took
 * about half a second of every start, and a bot starting from its knowledge snapshot parses no page, no date and,
 * without a model configured, sends no request. Loaded through require (each of them ships CommonJS); a module's
 * users must all load it this way, so that one instance exists (instanceof on its classes holds).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface LazyPackage<T> {
  /** The package, required on the first call and kept. */
  (): T;
  /** The package if it was loaded already, else undefined (then nothing made by it can exist). */
  loaded(): T | undefined;
}

export function lazyPackage<T>(name: string): LazyPackage<T> {
  let loaded: T | undefined;
  const load = (() => (loaded ??= require(name) as T)) as LazyPackage<T>;
  load.loaded = () => loaded;
  return load;
}
