// Modules assembled here against bytes written out by hand from the binary format, and run by the
// engine: a hand-assembled SIMD loop that adds float32 vectors in memory, on a plain and on a
// shared memory.
import {
  assembleModule,
  type Code,
  exportedFunction,
  F32,
  floatAccess,
  I32,
  increment,
  loadSplat,
  Locals,
  loopUntil,
  op,
  V128,
  webAssembly,
  whileNonZero,
} from '@srnn/wasm-assembler';

const api = webAssembly as NonNullable<typeof webAssembly>;

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

describe('the module layout', () => {
  it('is, for one empty function, the bytes worked out by hand', () => {
    const bytes = assembleModule({ functions: [{ name: 'f', params: [], body: [] }] });
    expect(Array.from(bytes)).toEqual([
      ...HEADER,
      ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // types: one, () -> ()
      // imports: one, "env" "memory", a memory with limits flag 0 and minimum 0
      ...[0x02, 0x0f, 0x01, 0x03, ...ascii('env'), 0x06, ...ascii('memory'), 0x02, 0x00, 0x00],
      ...[0x03, 0x02, 0x01, 0x00], // functions: one, of type 0
      ...[0x07, 0x05, 0x01, 0x01, ...ascii('f'), 0x00, 0x00], // exports: "f", function 0
      ...[0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b], // code: one body of 2 bytes, no locals, end
    ]);
    expect(api.validate(bytes)).toBe(true);
  });

  it('imports a shared memory with limits flag 3 and a maximum of 65536 pages', () => {
    const bytes = Array.from(
      assembleModule({ sharedMemory: true, functions: [{ name: 'f', params: [], body: [] }] }),
    );
    const memoryImport = [
      ...[0x02, 0x12, 0x01, 0x03, ...ascii('env'), 0x06, ...ascii('memory'), 0x02],
      ...[0x03, 0x00, 0x80, 0x80, 0x04],
    ];
    expect(bytes.slice(14, 14 + memoryImport.length)).toEqual(memoryImport);
    expect(api.validate(Uint8Array.from(bytes))).toBe(true);
  });

  it('gives functions of one signature one type, and declares locals as runs of a type', () => {
    const bytes = Array.from(
      assembleModule({
        functions: [
          { name: 'a', params: [I32, F32], body: [] },
          { name: 'b', params: [I32], results: [I32], body: op.localGet(0) },
          { name: 'c', params: [I32, F32], locals: [I32, I32, V128, I32], body: [] },
        ],
      }),
    );
    const types = [0x01, 0x0b, 0x02, 0x60, 0x02, I32, F32, 0x00, 0x60, 0x01, I32, 0x01, I32];
    expect(bytes.slice(8, 8 + types.length)).toEqual(types);
    // After the 17 bytes of the memory import: three functions, of types 0, 1, 0.
    const functions = [0x03, 0x04, 0x03, 0x00, 0x01, 0x00];
    const at = 8 + types.length + 17;
    expect(bytes.slice(at, at + functions.length)).toEqual(functions);
    // c's body: three runs (2 × i32, 1 × v128, 1 × i32), then end.
    expect(bytes.slice(-9)).toEqual([0x08, 0x03, 0x02, I32, 0x01, V128, 0x01, I32, 0x0b]);
    expect(api.validate(Uint8Array.from(bytes))).toBe(true);
  });

  it('exports names in UTF-8', () => {
    const bytes = assembleModule({ functions: [{ name: 'Σx', params: [], body: [] }] });
    const instance = new api.Instance(new api.Module(bytes), {
      env: { memory: new api.Memory({ initial: 0 }) },
    });
    expect(Object.keys(instance.exports)).toEqual(['Σx']);
  });

  it('refuses two functions of one name, and a v128 constant that is not 16 bytes', () => {
    const f = { name: 'f', params: [], body: [] };
    expect(() => assembleModule({ functions: [f, f] })).toThrow(/same name/);
    expect(() => op.v128Const([1, 2, 3])).toThrow(RangeError);
  });
});

describe('Locals', () => {
  it('numbers locals after the parameters and lists their types in order', () => {
    const locals = new Locals(3);
    expect([locals.add(I32), locals.add(V128), locals.add(I32)]).toEqual([3, 4, 5]);
    expect(locals.types).toEqual([I32, V128, I32]);
  });
});

/**
 * `add(a, b, out, count)`: out[i] = a[i] + b[i] for `count` floats (a multiple of 4), addresses in
 * bytes, written the way the project's modules are.
 */
function addModule(shared: boolean): Uint8Array {
  const [A, B, OUT, COUNT] = [0, 1, 2, 3];
  const locals = new Locals(4);
  const [offset, end] = [locals.add(I32), locals.add(I32)];
  const at = (base: number): Code => [...op.localGet(base), ...op.localGet(offset), ...op.i32Add];
  const body = [
    ...op.localGet(COUNT),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.localSet(end),
    ...loopUntil(
      [...op.localGet(offset), ...op.localGet(end), ...op.i32GeU],
      [
        ...at(OUT),
        ...at(A),
        ...op.v128Load(),
        ...at(B),
        ...op.v128Load(),
        ...op.f32x4Add,
        ...op.v128Store(),
        ...increment(offset, op.i32Const(16)),
      ],
    ),
  ];
  return assembleModule({
    sharedMemory: shared,
    functions: [{ name: 'add', params: [I32, I32, I32, I32], locals: locals.types, body }],
  });
}

type Add = (a: number, b: number, out: number, count: number) => void;

function runAdd(memory: { buffer: ArrayBufferLike }, add: Add): void {
  const n = 64;
  const floats = new Float32Array(memory.buffer);
  const a = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 1e3));
  const b = Float32Array.from({ length: n }, (_, i) => Math.fround(1 / (i + 3)));
  floats.set(a, 0);
  floats.set(b, n);
  floats.fill(-7, 2 * n, 3 * n + 4);
  add(0, 4 * n, 8 * n, n);
  // Float32 sums, rounded as JavaScript rounds them; the 4 floats after the output untouched.
  expect(Array.from(floats.subarray(2 * n, 3 * n))).toEqual(
    Array.from(a, (x, i) => Math.fround(x + (b[i] as number))),
  );
  expect(Array.from(floats.subarray(3 * n, 3 * n + 4))).toEqual([-7, -7, -7, -7]);
}

describe('a hand-assembled SIMD module', () => {
  it('adds float32 vectors in a plain memory', () => {
    const bytes = addModule(false);
    expect(api.validate(bytes)).toBe(true);
    const memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    runAdd(memory, exportedFunction<Add>(instance.exports, 'add'));
  });

  it('adds float32 vectors in a shared memory, which needs the shared variant', () => {
    const memory = new api.Memory({ initial: 1, maximum: 2, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    // An import must match the kind of memory: the plain variant does not link to a shared one.
    expect(() => new api.Instance(new api.Module(addModule(false)), { env: { memory } })).toThrow();
    const instance = new api.Instance(new api.Module(addModule(true)), { env: { memory } });
    runAdd(memory, exportedFunction<Add>(instance.exports, 'add'));
  });
});

describe('floatAccess', () => {
  it.each([4, 2, 1] as const)(
    'moves %i floats, at an offset, and writes nothing past them',
    (floats) => {
      const access = floatAccess[floats];
      expect(access.floats).toBe(floats);
      // copy(src, dst): the floats at src + 4 bytes to dst + 8 bytes.
      const value = access.load(op.localGet(0), 4);
      const bytes = assembleModule({
        functions: [
          { name: 'copy', params: [I32, I32], body: access.store(op.localGet(1), value, 8) },
        ],
      });
      const memory = new api.Memory({ initial: 1 });
      const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
      const f = new Float32Array(memory.buffer, 0, 16);
      f.set([0, 1, 2, 3, 4, 5, 6, 7]);
      f.fill(-1, 8);
      exportedFunction<(src: number, dst: number) => void>(instance.exports, 'copy')(0, 32);
      const expected = [...[0, 1, 2, 3, 4, 5, 6, 7], -1, -1];
      for (let k = 0; k < floats; k++) expected.push(k + 1);
      while (expected.length < 16) expected.push(-1);
      expect(Array.from(f)).toEqual(expected);
    },
  );
});

describe('whileNonZero and loadSplat', () => {
  it('fills n vectors with one float: the loop runs n times, none when n is 0', () => {
    // fill(src, dst, n): n vectors at dst, each the float at src + 4 in all four lanes.
    const locals = new Locals(3);
    const value = locals.add(V128);
    const [src, dst, n] = [0, 1, 2];
    const body: Code = [
      ...loadSplat(op.localGet(src), 4),
      ...op.localSet(value),
      ...whileNonZero(n, [
        ...floatAccess[4].store(op.localGet(dst), op.localGet(value), 0),
        ...increment(dst, op.i32Const(16)),
        ...increment(n, op.i32Const(-1)),
      ]),
    ];
    const bytes = assembleModule({
      functions: [{ name: 'fill', params: [I32, I32, I32], locals: locals.types, body }],
    });
    const memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    const fill = exportedFunction<(s: number, d: number, n: number) => void>(
      instance.exports,
      'fill',
    );
    const f = new Float32Array(memory.buffer, 0, 16);
    f.fill(-1);
    f[1] = 2.5;
    fill(0, 16, 2);
    expect(Array.from(f)).toEqual([-1, 2.5, -1, -1, ...Array<number>(8).fill(2.5), -1, -1, -1, -1]);
    fill(0, 48, 0);
    expect(f[12]).toBe(-1);
  });
});
