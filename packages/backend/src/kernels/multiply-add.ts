/**
 * Whether the SIMD product tiles multiply and add with one relaxed instruction
 * (`f32x4.relaxed_madd`, a fused multiply-add on machines that have one) or with a multiply and
 * an add: one instruction in place of two, each term rounded once instead of twice (`pnpm bench`
 * times SRNN(8,2) both ways, side by side). Relaxed SIMD is a later WebAssembly feature: current
 * browsers and Node.js 22 have it; Node.js 20 has it behind `--experimental-wasm-relaxed-simd`
 * (the project's command-line programs turn it on). Where it is missing the tiles multiply and
 * add apart, as before.
 *
 * The choice is per process: every thread of a run makes the same one (the worker threads are
 * told it with each job), so a row's result does not depend on the thread that computed it.
 */
import {
  assembleModule,
  type Code,
  op,
  webAssembly,
  type WasmInstance,
} from '@srnn/wasm-assembler';
import { processEnv } from '../process-env';

/** How the tiles multiply and add: 'auto' relaxes where the runtime can, 'separate' never does. */
export type MultiplyAddMode = 'auto' | 'separate';

/** Environment variable that sets the mode at start ('auto' when unset). */
export const MULTIPLY_ADD_ENV_VAR = 'SRNN_MULTIPLY_ADD';

let mode: MultiplyAddMode | undefined;
let available: boolean | undefined;

function checkedMode(value: unknown, source: string): MultiplyAddMode {
  if (value !== 'auto' && value !== 'separate') {
    throw new RangeError(`${source}: expected 'auto' or 'separate', got '${String(value)}'`);
  }
  return value;
}

/** The mode SRNN_MULTIPLY_ADD in `env` asks for ('auto' when unset); throws for any other value. */
export function multiplyAddModeFrom(
  env: Record<string, string | undefined> = processEnv(),
): MultiplyAddMode {
  const raw = env[MULTIPLY_ADD_ENV_VAR];
  return raw === undefined || raw === '' ? 'auto' : checkedMode(raw, MULTIPLY_ADD_ENV_VAR);
}

function currentMode(): MultiplyAddMode {
  mode ??= multiplyAddModeFrom();
  return mode;
}

/** a·b + c on v128 operands, the relaxed instruction or a multiply and then an add. */
export function multiplyAdd(a: Code, b: Code, c: Code, relaxed: boolean): Code {
  return relaxed
    ? [...a, ...b, ...c, ...op.f32x4RelaxedMadd]
    : [...c, ...a, ...b, ...op.f32x4Mul, ...op.f32x4Add];
}

const lanes = (x: number): Code => Array.from(new Uint8Array(new Float32Array(4).fill(x).buffer));

/**
 * A module whose one function stores relaxed_madd(1 + 2⁻¹², 1 + 2⁻¹², -1) at address 0: 2⁻¹¹ + 2⁻²⁴
 * in every lane when the multiply-add is fused, 2⁻¹¹ when the product is rounded first.
 */
function probeBytes(): Uint8Array {
  const x = 1 + 2 ** -12;
  const value = multiplyAdd(
    op.v128Const(lanes(x)),
    op.v128Const(lanes(x)),
    op.v128Const(lanes(-1)),
    true,
  );
  return assembleModule({
    functions: [
      { name: 'probe', params: [], body: [...op.i32Const(0), ...value, ...op.v128Store()] },
    ],
  });
}

/** True when this runtime compiles relaxed SIMD (checked once). */
export function relaxedSimdAvailable(): boolean {
  if (available === undefined) {
    try {
      available = webAssembly !== undefined && webAssembly.validate(probeBytes());
    } catch {
      available = false;
    }
  }
  return available;
}

// How V8 flags are set here: node:v8's setFlagsFromString, installed by the Node entry (none in
// browsers, where relaxed SIMD is either on or missing).
let setV8Flags: ((flags: string) => void) | null = null;

/** Installs the function that sets V8 flags (the Node entry passes node:v8's). */
export function setV8FlagSetter(setter: (flags: string) => void): void {
  setV8Flags = setter;
}

/**
 * Lets the SIMD product tiles use relaxed SIMD's multiply-add where the runtime keeps it behind a
 * flag: on Node.js 20 this sets `--experimental-wasm-relaxed-simd` for the process (Node.js 22 and
 * current browsers have relaxed SIMD on; elsewhere it changes nothing). V8 reads the flag when it
 * compiles a module, so call it before the first product. Returns whether relaxed SIMD is
 * available now. The project's command-line programs call it at start; a library user decides.
 */
export function enableRelaxedSimd(): boolean {
  if (relaxedSimdAvailable() || setV8Flags === null) return relaxedSimdAvailable();
  setV8Flags('--experimental-wasm-relaxed-simd');
  available = undefined;
  return relaxedSimdAvailable();
}

/** Whether the tiles use the relaxed multiply-add now: the mode allows it and the runtime has it. */
export function relaxedMultiplyAdd(): boolean {
  return currentMode() === 'auto' && relaxedSimdAvailable();
}

/**
 * Sets how the tiles multiply and add from now on, over SRNN_MULTIPLY_ADD (tests pin 'separate'
 * to compare bits with a plain float32 loop). Throws for any other value.
 */
export function setMultiplyAdd(next: MultiplyAddMode): void {
  mode = checkedMode(next, 'setMultiplyAdd');
}

/**
 * Whether this machine fuses the relaxed multiply-add (rounds once), or null where relaxed SIMD
 * is missing: what a reference computation must do to give the tiles' bits.
 */
export function relaxedMultiplyAddFuses(): boolean | null {
  if (!relaxedSimdAvailable() || webAssembly === undefined) return null;
  const memory = new webAssembly.Memory({ initial: 1 });
  const instance = new webAssembly.Instance(new webAssembly.Module(probeBytes()), {
    env: { memory },
  }) as WasmInstance;
  (instance.exports['probe'] as () => void)();
  return new Float32Array(memory.buffer)[0] !== 2 ** -11;
}
