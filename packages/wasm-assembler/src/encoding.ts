/** WebAssembly code as bytes, built by concatenation. */
export type Code = number[];

/** Value types, as the binary format writes them. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128, as the binary format encodes sizes, counts, indices and offsets (u32). */
export function unsigned(n: number): Code {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`not a u32: ${n}`);
  }
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, as `i32.const` encodes its operand (an i32). */
export function signed(n: number): Code {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
    throw new RangeError(`not an i32: ${n}`);
  }
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    // Done once the rest is all sign: zeros after a clear sign bit, ones after a set one.
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A name (UTF-8, length first), as imports and exports spell theirs. */
export function name(s: string): Code {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...unsigned(bytes.length), ...bytes];
}

/** A vector: the count, then the items. */
export function vector(items: readonly Code[]): Code {
  return [...unsigned(items.length), ...items.flat()];
}

/** A section: its id, then its content's size in bytes, then the content. */
export function section(id: number, content: Code): Code {
  return [id, ...unsigned(content.length), ...content];
}
