// LEB128 against encodings worked out by hand (and the examples of the LEB128 literature), a
// decoder written here for random values, and the engine itself reading `i32.const` operands.
import {
  assembleModule,
  exportedFunction,
  I32,
  instancePerMemory,
  op,
  signed,
  unsigned,
  webAssembly,
} from '@srnn/wasm-assembler';

const api = webAssembly as NonNullable<typeof webAssembly>;

/** Decodes LEB128 bytes (all of them) as unsigned, or as signed two's complement. */
function decode(bytes: number[], isSigned: boolean): number {
  let value = 0n;
  let shift = 0n;
  for (const [i, byte] of bytes.entries()) {
    expect(byte).toBeGreaterThanOrEqual(0);
    expect(byte).toBeLessThan(256);
    // Every byte but the last has its continuation bit set.
    expect((byte & 0x80) !== 0).toBe(i < bytes.length - 1);
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  }
  const last = bytes[bytes.length - 1] as number;
  if (isSigned && (last & 0x40) !== 0) value -= 1n << shift;
  return Number(value);
}

describe('unsigned LEB128', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [65536, [0x80, 0x80, 0x04]],
    [624485, [0xe5, 0x8e, 0x26]],
    [0xffffffff, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('encodes %i as %j', (n, bytes) => {
    expect(unsigned(n)).toEqual(bytes);
  });

  it('round-trips random u32s in the fewest bytes', () => {
    let seed = 1;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = seed >>> (seed % 32);
      const bytes = unsigned(n);
      expect(decode(bytes, false)).toBe(n);
      expect(bytes.length).toBe(Math.max(1, Math.ceil(Math.log2(n + 1) / 7)));
    }
  });

  it('refuses what is not a u32', () => {
    for (const n of [-1, 0.5, 2 ** 32, NaN]) expect(() => unsigned(n)).toThrow(RangeError);
  });
});

describe('signed LEB128', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [-1, [0x7f]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [-64, [0x40]],
    [-65, [0xbf, 0x7f]],
    [127, [0xff, 0x00]],
    [-128, [0x80, 0x7f]],
    [-123456, [0xc0, 0xbb, 0x78]],
    [2147483647, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [-2147483648, [0x80, 0x80, 0x80, 0x80, 0x78]],
  ])('encodes %i as %j', (n, bytes) => {
    expect(signed(n)).toEqual(bytes);
  });

  it('round-trips random i32s', () => {
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = (seed | 0) >> (seed % 32);
      expect(decode(signed(n), true)).toBe(n);
    }
  });

  it('refuses what is not an i32', () => {
    for (const n of [2 ** 31, -(2 ** 31) - 1, 1.5]) expect(() => signed(n)).toThrow(RangeError);
  });

  it('is what the engine reads as i32.const', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 8191, -8193, 2147483647, -2147483648, 123456789];
    const bytes = assembleModule({
      functions: values.map((n, i) => ({
        name: `c${i}`,
        params: [],
        results: [I32],
        body: op.i32Const(n),
      })),
    });
    const on = instancePerMemory(
      () => bytes,
      (exports) => values.map((_, i) => exportedFunction<() => number>(exports, `c${i}`)),
    );
    const constants = on(new api.Memory({ initial: 0 }));
    expect(constants?.map((f) => f())).toEqual(values);
  });
});
