// The conformance kit: checks every cell package runs in its own tests. Framework-agnostic: each
// check is an async function that throws an Error describing the failure.
import type { CellDefinition, EncoderOptions } from './contract';
import type { ConformanceCheck } from './conformance/helpers';
import { layerChecks } from './conformance/layer-checks';
import { modeChecks } from './conformance/mode-checks';
import { numericChecks } from './conformance/numeric-checks';

export type { ConformanceCheck } from './conformance/helpers';

/**
 * The checks a cell must pass to be used by the SRNN model: shapes (last and every state), that
 * gradients reach every weight, a save/load round trip, seeded initialisation, a single step and
 * sensitivity to order; backwards and every-state modes against references built from the
 * forward last state; a fused kernel (where the cell has one) against its generic path; gradients
 * against finite differences; no tensors left behind; and the token-id input.
 *
 * `options` must give small `units` (e.g. 3) and a `seed`. Usage in a jest test:
 * `for (const c of cellConformanceChecks(def, opts)) it(c.name, c.run)`. The check of a cell
 * inside the SRNN model on the wasm backend is `@srnn/model/testing`'s `modelConformanceChecks`.
 */
export function cellConformanceChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  return [
    ...layerChecks(definition, options),
    ...modeChecks(definition, options),
    ...numericChecks(definition, options),
  ];
}
