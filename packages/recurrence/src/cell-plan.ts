/**
 * A cell description checked and compiled into a plan: plain data (structured-cloneable, so worker
 * threads get it with their task) holding each stage's stream roles in parameter order and the
 * stages' SIMD functions. Plans are kept by the cell's key.
 */
import type { FunctionSpec } from '@srnn/wasm-assembler';
import type { CellStage, GatedCell, StreamRole } from './cell-description';
import { elementwiseFunction } from './simd-stage';

/** A stage as the loops run it: its export name and its streams' roles in parameter order. */
export interface StagePlan {
  name: string;
  roles: StreamRole[];
}

export interface PhasePlan {
  first: number;
  count: number;
  forward: StagePlan;
  backward: StagePlan;
}

/** Everything the kernels need of a cell, as plain data. */
export interface CellPlan {
  key: string;
  inputBlocks: number;
  recurrentBlocks: number;
  savedBlocks: number;
  parts: number;
  productState: number;
  phases: PhasePlan[];
  /** The stages' SIMD functions (the cell's own wasm module). */
  functions: FunctionSpec[];
}

/** A compiled cell: the description (for its cpu loops and ops step) and its plan. */
export interface CompiledCell {
  cell: GatedCell;
  plan: CellPlan;
}

const FORWARD_ROLES = new Set(['projection', 'recurrent', 'previous', 'state', 'saved', 'operand']);
const BACKWARD_ROLES = new Set([
  'previous',
  'state',
  'saved',
  'operand',
  'carried',
  'fromProduct',
  'operandGradient',
  'blockGradient',
  'projectionGradient',
]);

const isCount = (n: unknown, min: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= 64;

function check(cell: GatedCell): void {
  const where = `gated cell '${String(cell.key)}'`;
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  if (typeof cell.key !== 'string' || !/^[\w.:-]{1,100}$/.test(cell.key)) {
    fail('key must be 1 to 100 letters, digits, _, -, : or .');
  }
  if (!isCount(cell.inputBlocks, 1)) fail('inputBlocks must be a whole number from 1 to 64');
  if (!isCount(cell.recurrentBlocks, 1) || cell.recurrentBlocks > cell.inputBlocks) {
    fail(`recurrentBlocks must be a whole number from 1 to inputBlocks (${cell.inputBlocks})`);
  }
  if (!isCount(cell.savedBlocks, 0)) fail('savedBlocks must be a whole number from 0 to 64');
  const parts = cell.stateParts.length;
  if (parts < 1) fail('stateParts must name at least one part');
  const productState = cell.productState ?? 0;
  if (!isCount(productState, 0) || productState >= parts) {
    fail(`productState must be a state part index from 0 to ${parts - 1}`);
  }
  if (cell.phases.length < 1) fail('phases must hold at least one phase');
  let next = 0;
  cell.phases.forEach((phase, p) => {
    if (phase.blocks.first !== next || !isCount(phase.blocks.count, 1)) {
      fail(
        `phase ${p} must cover recurrent blocks from ${next} on (count ≥ 1); got first ` +
          `${phase.blocks.first}, count ${phase.blocks.count}`,
      );
    }
    next += phase.blocks.count;
  });
  if (next !== cell.recurrentBlocks) {
    fail(`the phases cover ${next} recurrent blocks; recurrentBlocks is ${cell.recurrentBlocks}`);
  }
  const stageNames = new Set<string>();
  const used = new Set<string>();
  const checkStage = (stage: CellStage, allowed: Set<string>, direction: string): void => {
    const at = `${direction} stage '${stage.name}'`;
    if (!/^\w{1,100}$/.test(stage.name)) fail(`${at}: a name of letters, digits and _`);
    if (stageNames.has(stage.name)) fail(`${at}: two stages share this name`);
    stageNames.add(stage.name);
    for (const [name, r] of Object.entries(stage.streams) as [string, StreamRole][]) {
      const bad = (what: string) => fail(`${at}, stream '${name}': ${what}`);
      if (!allowed.has(r.kind)) bad(`role '${r.kind}' is not available in a ${direction} stage`);
      const index = 'block' in r ? r.block : 'part' in r ? r.part : 'phase' in r ? r.phase : 0;
      const limit =
        r.kind === 'projection' || r.kind === 'projectionGradient'
          ? cell.inputBlocks
          : r.kind === 'recurrent' || r.kind === 'blockGradient'
            ? cell.recurrentBlocks
            : r.kind === 'saved'
              ? cell.savedBlocks
              : r.kind === 'operand' || r.kind === 'operandGradient'
                ? cell.phases.length
                : r.kind === 'fromProduct'
                  ? 1
                  : parts;
      const lowest = r.kind === 'operand' || r.kind === 'operandGradient' ? 1 : 0;
      if (!Number.isInteger(index) || index < lowest || index >= limit) {
        bad(`index ${index} of role '${r.kind}' must be from ${lowest} to ${limit - 1}`);
      }
      used.add(`${direction} ${r.kind} ${index}`);
    }
  };
  for (const phase of cell.phases) checkStage(phase.forward, FORWARD_ROLES, 'forward');
  for (const phase of cell.phases) checkStage(phase.backward, BACKWARD_ROLES, 'backward');
  // What the kernels read must be written by some stage.
  const need = (key: string, what: string) => used.has(key) || fail(`no stage writes ${what}`);
  for (let part = 0; part < parts; part += 1) {
    need(`forward state ${part}`, `state part ${part} (forward role 'state')`);
  }
  for (let p = 1; p < cell.phases.length; p += 1) {
    need(`forward operand ${p}`, `phase ${p}'s operand (forward role 'operand')`);
    need(`backward operand ${p}`, `phase ${p}'s operand for the gradient (backward 'operand')`);
  }
  for (let b = 0; b < cell.recurrentBlocks; b += 1)
    need(`backward blockGradient ${b}`, `block ${b}'s gradient`);
  for (let b = 0; b < cell.inputBlocks; b += 1) {
    need(`backward projectionGradient ${b}`, `block ${b}'s projection gradient`);
  }
}

const stagePlan = (stage: CellStage): StagePlan => ({
  name: stage.name,
  roles: Object.values(stage.streams) as StreamRole[],
});

const compiled = new Map<string, CompiledCell>();

/**
 * Checks and compiles `cell` once per key (errors name the cell, the stage and the stream); the
 * result is kept, so later calls with the same key return it.
 */
export function compileCell(cell: GatedCell): CompiledCell {
  const known = compiled.get(cell.key);
  if (known !== undefined) return known;
  check(cell);
  const functions = cell.phases.flatMap((phase) =>
    [phase.forward, phase.backward].map((stage) =>
      elementwiseFunction({
        name: stage.name,
        streams: Object.keys(stage.streams),
        body: (fn, io) => stage.simd(fn, io),
      }),
    ),
  );
  const plan: CellPlan = {
    key: cell.key,
    inputBlocks: cell.inputBlocks,
    recurrentBlocks: cell.recurrentBlocks,
    savedBlocks: cell.savedBlocks,
    parts: cell.stateParts.length,
    productState: cell.productState ?? 0,
    phases: cell.phases.map((phase) => ({
      ...phase.blocks,
      forward: stagePlan(phase.forward),
      backward: stagePlan(phase.backward),
    })),
    functions,
  };
  const result = { cell, plan };
  compiled.set(cell.key, result);
  return result;
}

/** The compiled cell of `key` (the kernels get the key as an attribute). */
export function compiledCell(key: string): CompiledCell {
  const found = compiled.get(key);
  if (found === undefined) throw new Error(`no gated cell '${key}' has been compiled`);
  return found;
}
