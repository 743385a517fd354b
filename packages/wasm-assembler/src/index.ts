export { type Code, F32, I32, signed, unsigned, V128, type ValueType } from './encoding';
export {
  assign,
  type FloatAccess,
  floatAccess,
  increment,
  loadSplat,
  loopUntil,
  op,
  whileNonZero,
} from './instructions';
export { assembleModule, type FunctionSpec, Locals, type ModuleSpec } from './module';
export { exportedFunction, instancePerMemory } from './instances';
export {
  isSharedMemory,
  isWasmMemory,
  type WasmApi,
  type WasmInstance,
  type WasmMemory,
  type WasmModule,
  webAssembly,
} from './webassembly';
