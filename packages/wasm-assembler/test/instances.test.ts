// The per-memory cache: what is compiled, instantiated and bound how often, and when it is null.
import {
  assembleModule,
  exportedFunction,
  I32,
  instancePerMemory,
  isSharedMemory,
  isWasmMemory,
  op,
  webAssembly,
} from '@srnn/wasm-assembler';

const api = webAssembly as NonNullable<typeof webAssembly>;

/** `store(address, value)`: writes an i32, so that a test can see which memory an instance uses. */
const storeModule = (shared: boolean): Uint8Array =>
  assembleModule({
    sharedMemory: shared,
    functions: [
      {
        name: 'store',
        params: [I32, I32],
        body: [...op.localGet(0), ...op.localGet(1), ...op.i32Store()],
      },
    ],
  });

type Store = (address: number, value: number) => void;

/** A cache over `storeModule`, counting the calls of `bytes` and `bind`. */
function counted(bytes: (shared: boolean) => Uint8Array | null = storeModule) {
  const calls = { bytes: [] as boolean[], bind: 0 };
  const on = instancePerMemory(
    (shared) => {
      calls.bytes.push(shared);
      return bytes(shared);
    },
    (exports) => {
      calls.bind += 1;
      return { store: exportedFunction<Store>(exports, 'store') };
    },
  );
  return { on, calls };
}

const plainMemory = () => new api.Memory({ initial: 1 });
const sharedMemory = () => new api.Memory({ initial: 1, maximum: 1, shared: true });

it('compiles once per kind of memory and instantiates once per memory, on that memory', () => {
  const { on, calls } = counted();
  const [m1, m2, s1] = [plainMemory(), plainMemory(), sharedMemory()];
  const first = on(m1);
  expect(first).not.toBeNull();
  expect(on(m1)).toBe(first);
  const second = on(m2);
  expect(second).not.toBeNull();
  expect(second).not.toBe(first);
  const shared = on(s1);
  expect(shared).not.toBeNull();
  expect(on(s1)).toBe(shared);
  expect(calls.bytes).toEqual([false, true]);
  expect(calls.bind).toBe(3);

  first!.store(8, 11);
  second!.store(8, 22);
  shared!.store(8, 33);
  expect([m1, m2, s1].map((m) => new Int32Array(m.buffer)[2])).toEqual([11, 22, 33]);
});

it('is null for anything that is not a WebAssembly memory, without compiling', () => {
  const { on, calls } = counted();
  for (const value of [
    undefined,
    null,
    {},
    new ArrayBuffer(65536),
    { buffer: new ArrayBuffer(8) },
  ]) {
    expect(on(value)).toBeNull();
  }
  expect(calls.bytes).toEqual([]);
});

it('is null, once compiled and remembered, where the module does not compile (no SIMD)', () => {
  // Stands for a runtime without SIMD: an engine that cannot compile the bytes.
  const { on, calls } = counted(() => Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02]));
  expect(on(plainMemory())).toBeNull();
  expect(on(plainMemory())).toBeNull();
  expect(calls.bytes).toEqual([false]);
  expect(calls.bind).toBe(0);
});

it('is null for a kind of memory the module has no variant for', () => {
  const { on, calls } = counted((shared) => (shared ? null : storeModule(false)));
  expect(on(sharedMemory())).toBeNull();
  expect(on(plainMemory())).not.toBeNull();
  expect(calls.bytes).toEqual([true, false]);
});

it('is null, and remembered per memory, where the instance does not link or bind', () => {
  // The plain variant for every memory: a shared memory cannot be imported by it.
  const wrongKind = counted(() => storeModule(false));
  const shared = sharedMemory();
  expect(wrongKind.on(shared)).toBeNull();
  expect(wrongKind.on(shared)).toBeNull();
  expect(wrongKind.calls.bind).toBe(0);

  // An export that `bind` wants and the module lacks.
  let binds = 0;
  const missing = instancePerMemory(storeModule, (exports) => {
    binds += 1;
    return exportedFunction<Store>(exports, 'load');
  });
  const memory = plainMemory();
  expect(missing(memory)).toBeNull();
  expect(missing(memory)).toBeNull();
  expect(binds).toBe(1);
});

it('passes on an error in assembling: a bug, not a missing feature', () => {
  const on = instancePerMemory(
    () => assembleModule({ functions: [{ name: 'f', params: [], body: op.i32Const(2 ** 40) }] }),
    () => 1,
  );
  expect(() => on(plainMemory())).toThrow(RangeError);
});

describe('exportedFunction', () => {
  it('gives the function, or throws naming what is missing', () => {
    const exports = { f: () => 1, memory: {} };
    expect(exportedFunction<() => number>(exports, 'f')()).toBe(1);
    expect(() => exportedFunction(exports, 'memory')).toThrow(/'memory'/);
    expect(() => exportedFunction(exports, 'g')).toThrow(/'g'/);
  });
});

describe('the WebAssembly typing', () => {
  it('tells memories, and shared ones, from other values', () => {
    expect(isWasmMemory(plainMemory())).toBe(true);
    expect(isWasmMemory({ buffer: new ArrayBuffer(65536) })).toBe(false);
    expect(isWasmMemory(undefined)).toBe(false);
    expect(isSharedMemory(plainMemory())).toBe(false);
    expect(isSharedMemory(sharedMemory())).toBe(true);
  });
});
