/**
 * The few WebAssembly JS API members the project uses, typed here: its TypeScript libraries do not
 * declare the `WebAssembly` global, and a global declaration could clash with a consumer's DOM
 * typings. `webAssembly` is undefined where the runtime has no WebAssembly.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** A compiled module; opaque. */
export interface WasmModule {
  readonly compiled: true;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

export const webAssembly: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi })
  .WebAssembly;

/** Whether `value` is a WebAssembly.Memory. */
export function isWasmMemory(value: unknown): value is WasmMemory {
  return webAssembly !== undefined && value instanceof webAssembly.Memory;
}

/** Whether `memory` is shared (its buffer a SharedArrayBuffer), as a threaded build's heap is. */
export function isSharedMemory(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
