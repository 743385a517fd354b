/**
 * Output rows and columns of the SIMD product tiles (the packed A·B tiles, the Aᵀ·B tiles, and
 * @srnn/recurrence's per-step products), largest first. Four rows of two vectors (eight sums) plus
 * two vectors of B and one of A fit in the 16 vector registers V8 uses on x64 without spilling, and
 * give eight independent additions to overlap; the narrower tiles (one vector, half and quarter
 * vectors, fewer rows) cover what is left of any size.
 */
export const TILE_ROWS = [4, 2, 1] as const;
export const TILE_COLUMNS = [8, 4, 2, 1] as const;
