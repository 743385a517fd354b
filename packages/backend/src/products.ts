/**
 * @packageDocumentation
 * The packed-product SIMD tiles (`@srnn/backend/products`): OUT = A · B with B packed once in
 * column panels, for kernels of other packages that multiply on a wasm memory in place (the fused
 * recurrences' per-step products). The wasm backend's BatchMatMul runs the same tiles.
 */
export {
  PACKED_TILE_ROWS,
  PANEL_WIDTHS,
  packedProductFunctions,
  packedProductModuleBytes,
  packedProductName,
} from './kernels/packed-product-module';
export {
  multiplyPacked,
  PACKED_LAYOUT,
  packPanels,
  panelWidths,
  planPackedProduct,
  type PackedCall,
  type PackedLayout,
  type PackedTile,
} from './kernels/packed-product-driver';
export { packedProductSimdFor, PackedProductSimd } from './kernels/packed-product';
export {
  multiplyAdd,
  type MultiplyAddMode,
  relaxedMultiplyAdd,
  relaxedMultiplyAddFuses,
  relaxedSimdAvailable,
  setMultiplyAdd,
} from './kernels/multiply-add';
