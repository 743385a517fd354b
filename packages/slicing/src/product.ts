/** Product of `factors`, exact while it stays a safe integer (callers compare it with T first). */
export function product(factors: readonly number[]): number {
  let result = 1;
  for (const factor of factors) result *= factor;
  return result;
}

/**
 * Whether the product of `factors` exceeds `limit`, stopping as soon as it does, so that a
 * request like n = 2, k = 10^9 is rejected after about 53 multiplications.
 */
export function productExceeds(factors: Iterable<number>, limit: number): boolean {
  let result = 1;
  for (const factor of factors) {
    result *= factor;
    if (result > limit) return true;
  }
  return false;
}

/** `count` copies of `value`, lazily, so a huge depth is never materialised before it is checked. */
export function* repeat(value: number, count: number): Generator<number> {
  for (let i = 0; i < count; i += 1) yield value;
}

/** The largest n with n^k <= limit (k >= 1, limit >= 1). */
export function integerRoot(limit: number, k: number): number {
  let root = Math.max(1, Math.floor(Math.pow(limit, 1 / k)));
  // Floating-point roots can be off by one either way; settle on the exact integer.
  while (productExceeds(repeat(root, k), limit)) root -= 1;
  while (!productExceeds(repeat(root + 1, k), limit)) root += 1;
  return root;
}
