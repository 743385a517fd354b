/**
 * The few WebAssembly JS API members this package uses, typed locally: the project's TypeScript
 * libraries do not declare the `WebAssembly` global, and a global declaration here could clash with
 * a consumer's DOM typings. `undefined` where the runtime has no WebAssembly.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export interface WasmModule {
  readonly compiled: true;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

export const webAssembly: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi })
  .WebAssembly;

/** Whether `value` is a WebAssembly.Memory. */
export function isWasmMemory(value: unknown): value is WasmMemory {
  return webAssembly !== undefined && value instanceof webAssembly.Memory;
}
