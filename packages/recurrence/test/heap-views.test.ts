// A view of the wasm heap dies when the heap grows, and any allocation may grow it; a view read
// after that reads as empty (every element undefined: NaN weights). Which allocation grows the
// heap depends on what ran before, so the fault showed only at some batch sizes: the packed
// recurrent kernel was read through a view taken before the workspace's allocations, and an SRNN
// at batch 500 (T = 256) predicted NaN for the half of its rows a worker thread ran. Here every
// view a kernel workspace hands out refuses to be used after a later allocation, and the fused
// recurrences run forwards and backwards on wasm: they must take each view after allocating, and
// give the bits they give without the check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { gruSequenceLastState } from '../src';
import { WasmWorkspace } from '../src/wasm-workspace';
import { BIT_CASES, bitsOf, gruPass } from './fixtures/gru-bit-cases';
import { loadBackends } from './helpers';

const expected = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'gru-bits.json'), 'utf8'),
) as Record<string, string[]>;

/** Allocations by any workspace so far: a view made before the latest one is stale. */
let allocations = 0;
const stale: string[] = [];
const allocate = WasmWorkspace.prototype.allocate;
const floats = WasmWorkspace.prototype.floats;

/** A view that records its use once any workspace has allocated since it was made. */
function guarded(view: Float32Array): Float32Array {
  const madeAt = allocations;
  const check = (what: string): void => {
    if (allocations !== madeAt) stale.push(`${what} of a view made before an allocation`);
  };
  return new Proxy(view, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) check('a read');
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, key, value) {
      if (typeof key === 'string' && /^\d+$/.test(key)) check('a write');
      return Reflect.set(target, key, value, target);
    },
  });
}

beforeAll(async () => {
  await loadBackends();
  await tf.setBackend('wasm');
  WasmWorkspace.prototype.allocate = function (shape) {
    allocations += 1;
    return allocate.call(this, shape);
  };
  WasmWorkspace.prototype.floats = function (info) {
    return guarded(floats.call(this, info));
  };
}, 60000);

afterAll(() => {
  WasmWorkspace.prototype.allocate = allocate;
  WasmWorkspace.prototype.floats = floats;
});

test.each(BIT_CASES.filter((c) => c.implementation === 'fused'))(
  '$label: every heap view is used before the next allocation, and the bits are as before',
  (c) => {
    stale.length = 0;
    const tensors = gruPass(c, gruSequenceLastState);
    expect(stale).toEqual([]);
    expect(tensors.map(bitsOf)).toEqual(expected[`wasm ${c.label}`]);
    tf.dispose(tensors);
  },
);
