// Registries are kept on globalThis under a shared symbol so that an ESM and a CJS copy of this
// package (or two installed copies) still see one registry: what one registers, the other finds.
export function sharedRegistry<Value>(key: string): Map<string, Value> {
  const symbol = Symbol.for(key);
  const holder = globalThis as unknown as Record<symbol, Map<string, Value> | undefined>;
  let map = holder[symbol];
  if (map === undefined) {
    map = new Map();
    holder[symbol] = map;
  }
  return map;
}
