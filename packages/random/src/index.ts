/**
 * @packageDocumentation
 * Seeded pseudo-random numbers that repeat on every machine and engine: the data splits, the
 * embedding initialisation and the tests all draw from here, so a seed means the same numbers
 * everywhere.
 */

/**
 * Mulberry32, a 32-bit seeded generator. It uses only 32-bit integer arithmetic (Math.imul and
 * shifts), so a seed gives the same sequence on every machine and engine. Period 2^32, ample for
 * shuffling millions of indices. Returns floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indices 0..n-1 in an order fixed by the seed (Fisher-Yates driven by {@link mulberry32}). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Standard normal draws from a uniform generator (Box-Muller, both values of each pair used). */
export function standardNormal(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
