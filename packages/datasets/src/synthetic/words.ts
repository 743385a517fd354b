/**
 * The word of a vocabulary rank: bijective base 26 over a to z (1 → 'a', 26 → 'z', 27 → 'aa'),
 * so that frequent words are short, as in natural text, and every word survives the tokenizer's
 * filters and lower-casing unchanged.
 */
export function wordOfRank(rank: number): string {
  let n = rank;
  let word = '';
  while (n > 0) {
    n -= 1;
    word = String.fromCharCode(97 + (n % 26)) + word;
    n = Math.floor(n / 26);
  }
  return word;
}
