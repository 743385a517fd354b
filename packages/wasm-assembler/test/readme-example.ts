import {
  assembleModule,
  exportedFunction,
  I32,
  increment,
  instancePerMemory,
  loopUntil,
  op,
  webAssembly,
} from '@srnn/wasm-assembler';

// add(a, b, out, bytes): out = a + b over `bytes` bytes of float32 (a multiple of 16), 4 at a time.
const [A, B, OUT, BYTES, AT] = [0, 1, 2, 3, 4];
const at = (base: number) => [...op.localGet(base), ...op.localGet(AT), ...op.i32Add];
const addModule = (shared: boolean) =>
  assembleModule({
    sharedMemory: shared, // env.memory is imported as a plain or as a shared memory
    functions: [
      {
        name: 'add',
        params: [I32, I32, I32, I32],
        locals: [I32], // AT, the offset so far
        body: loopUntil(
          [...op.localGet(AT), ...op.localGet(BYTES), ...op.i32GeU],
          [
            ...at(OUT),
            ...[...at(A), ...op.v128Load()],
            ...[...at(B), ...op.v128Load()],
            ...op.f32x4Add,
            ...op.v128Store(),
            ...increment(AT, op.i32Const(16)),
          ],
        ),
      },
    ],
  });

type Add = (a: number, b: number, out: number, bytes: number) => void;
const addOn = instancePerMemory(addModule, (exports) => exportedFunction<Add>(exports, 'add'));

const memory = new webAssembly!.Memory({ initial: 1 });
const add = addOn(memory); // null where WebAssembly SIMD is missing
const floats = new Float32Array(memory.buffer);
floats.set([1, 2, 3, 4, 0.5, 0.25, 0.125, 0.0625]);
add?.(0, 16, 32, 16);
console.log(floats.subarray(8, 12)); // Float32Array(4) [ 1.5, 2.25, 3.125, 4.0625 ]
// One instance per memory: asked again, the same function.
console.log(addOn(memory) === add); // true
console.log(addOn(new ArrayBuffer(16))); // null
