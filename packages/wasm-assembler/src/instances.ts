import {
  isSharedMemory,
  isWasmMemory,
  type WasmMemory,
  type WasmModule,
  webAssembly,
} from './webassembly';

/**
 * A module's instances by memory, for a module that imports `env.memory`. `bytes(shared)` is
 * assembled and compiled at most once per kind of memory (plain, shared), instantiated at most once
 * per memory, and `bind` makes what callers use of the instance's exports.
 *
 * The returned function gives null, and remembers it, where that cannot be had: no WebAssembly, or
 * no SIMD (compiling fails), in this runtime; no module for this kind of memory (`bytes` returns
 * null); a value that is not a WebAssembly.Memory; or `bind` throwing.
 */
export function instancePerMemory<T>(
  bytes: (shared: boolean) => Uint8Array | null,
  bind: (exports: Record<string, unknown>) => T,
): (memory: unknown) => T | null {
  const compiled = new Map<boolean, WasmModule | null>();
  const instances = new WeakMap<WasmMemory, T | null>();

  const compile = (shared: boolean): WasmModule | null => {
    let module = compiled.get(shared);
    if (module === undefined) {
      // Assembled outside the try: an error there is a bug to see, not a missing feature.
      const source = webAssembly ? bytes(shared) : null;
      try {
        module = source && webAssembly ? new webAssembly.Module(source) : null;
      } catch {
        module = null;
      }
      compiled.set(shared, module);
    }
    return module;
  };

  return (memory) => {
    if (!isWasmMemory(memory)) return null;
    let bound = instances.get(memory);
    if (bound === undefined) {
      const module = compile(isSharedMemory(memory));
      try {
        bound =
          module && webAssembly
            ? bind(new webAssembly.Instance(module, { env: { memory } }).exports)
            : null;
      } catch {
        bound = null;
      }
      instances.set(memory, bound);
    }
    return bound;
  };
}

/** The export `name` as a function of type `F`; throws if there is no such function. */
export function exportedFunction<F extends (...args: never[]) => unknown>(
  exports: Record<string, unknown>,
  name: string,
): F {
  const fn = exports[name];
  if (typeof fn !== 'function') throw new Error(`the module has no exported function '${name}'`);
  return fn as F;
}
