/**
 * The models of the paper's table 2 for a given maximum length: the standard GRU, SRNN(16,1),
 * SRNN(8,2), SRNN(4,3), SRNN with n = 2 and the deepest k that leaves minimal subsequences of
 * length 2 (the paper's SRNN(2,8) at T = 512 and SRNN(2,7) at T = 256), and DCCNN.
 */
import { OptionsError } from '@srnn/errors';
import { formatSpec, parseSpec, plan } from '@srnn/slicing';

export type Architecture = 'rnn' | 'srnn' | 'dccnn';

export interface ModelVariant {
  /** The name printed in tables, as the paper prints it: 'GRU', 'SRNN(8,2)', 'DCCNN'. */
  label: string;
  architecture: Architecture;
  /** The slicing spec for SRNN variants. */
  spec?: string;
  /** The paper's row this variant is compared with ('SRNN(2,k)' for the n = 2 family). */
  paperFamily: string;
  /** The registered recurrent cell (default 'gru'); DCCNN has none. */
  cell?: string;
  /** (SRNN) Attention pooling over every state instead of the last state ('+attention'). */
  attention?: boolean;
  /** (SRNN) Each level runs only the subsequences that hold a real token ('+skip-padding'). */
  skipPadding?: boolean;
}

/** The modifiers an SRNN name may carry, in the order a label prints them. */
export const MODIFIERS = { attention: 'attention', skipPadding: 'skip-padding' } as const;

/** '+attention+skip-padding' for a variant's modifiers ('' for none). */
function modifierSuffix(v: Pick<ModelVariant, 'attention' | 'skipPadding'>): string {
  return (
    (v.attention ? `+${MODIFIERS.attention}` : '') +
    (v.skipPadding ? `+${MODIFIERS.skipPadding}` : '')
  );
}

/**
 * The line-up with another recurrent cell: the standard RNN is named after its cell ('LSTM') and
 * SRNN variants carry the cell's name ('SRNN(8,2) lstm'), so their results and run folders are
 * their own; DCCNN has no cell and stays as it is. With 'gru' the line-up is the paper's.
 */
export function withCell(variants: ModelVariant[], cell: string): ModelVariant[] {
  if (cell === 'gru') return variants;
  return variants.map((v) => {
    if (v.architecture === 'dccnn') return v;
    // The cell goes before the modifiers: 'SRNN(8,2) lstm+attention'.
    const suffix = modifierSuffix(v);
    const base = v.label.slice(0, v.label.length - suffix.length);
    const label = v.architecture === 'rnn' ? cell.toUpperCase() : `${base} ${cell}${suffix}`;
    return { ...v, label, cell };
  });
}

/** Checks cell names against the registry, failing with the registered ones. */
export function checkCells(cells: string[], registered: string[], single: boolean): void {
  const refuse = (message: string) => new OptionsError('', [{ field: '--cell', message }]);
  if (single && cells.length !== 1) {
    throw refuse(`table 2 trains with one cell, got ${cells.join(', ')}`);
  }
  for (const cell of cells) {
    if (!registered.includes(cell))
      throw refuse(`unknown cell '${cell}'; registered: ${registered.join(', ')}`);
  }
}

/** k for SRNN(2,k) as the paper chose it: minimal subsequences of length 2 (l_0 = 2). */
export function binaryDepthFor(maxLength: number): number {
  let k = 0;
  while (2 ** (k + 1) * 2 <= maxLength) k += 1;
  return k;
}

function srnn(n: number, k: number, maxLength: number): ModelVariant | undefined {
  try {
    const p = plan({ length: maxLength, slices: n, depth: k });
    const label = formatSpec(p.slices);
    return { label, architecture: 'srnn', spec: label, paperFamily: n === 2 ? 'SRNN(2,k)' : label };
  } catch {
    return undefined; // this slicing does not fit the length (e.g. 16^1 > T)
  }
}

/** The table 2 line-up for sequences of `maxLength` tokens; variants that cannot slice T are left out. */
export function table2Lineup(maxLength: number): ModelVariant[] {
  const variants: (ModelVariant | undefined)[] = [
    { label: 'GRU', architecture: 'rnn', paperFamily: 'GRU' },
    srnn(16, 1, maxLength),
    srnn(8, 2, maxLength),
    srnn(4, 3, maxLength),
    srnn(2, binaryDepthFor(maxLength), maxLength),
    { label: 'DCCNN', architecture: 'dccnn', paperFamily: 'DCCNN' },
  ];
  return variants.filter((v): v is ModelVariant => v !== undefined);
}

/**
 * A variant outside the line-up named by its slicing, e.g. 'BiSRNN(8,2)' (every level forwards and
 * backwards), compared with the paper's row of the same slicing; undefined when the name is not a
 * slicing or does not fit T.
 */
function namedVariant(label: string, maxLength: number): ModelVariant | undefined {
  try {
    const parsed = parseSpec(label.replace(/\s+/g, ''));
    plan({ length: maxLength, slices: parsed.slices });
    const spec = formatSpec(parsed.slices, { bidirectional: parsed.bidirectional === true });
    const n = parsed.slices[0]!;
    const unidirectional = formatSpec(parsed.slices);
    return {
      label: spec,
      architecture: 'srnn',
      spec,
      paperFamily: n === 2 ? 'SRNN(2,k)' : unidirectional,
    };
  } catch {
    return undefined;
  }
}

/** The forms --models accepts, for its error messages. */
export function validForms(lineup: ModelVariant[], maxLength?: number): string {
  return (
    `${lineup.map((x) => x.label).join(', ')}` +
    (maxLength !== undefined
      ? `, or any slicing that fits T = ${maxLength} (SRNN(n,k), BiSRNN(n,k) for both directions)`
      : '') +
    `; an SRNN name may end in +${MODIFIERS.attention} and/or +${MODIFIERS.skipPadding}, e.g. SRNN(8,2)+${MODIFIERS.attention}, BiSRNN(8,2)+${MODIFIERS.skipPadding}`
  );
}

const modelsError = (message: string) => new OptionsError('', [{ field: '--models', message }]);

/** Reads '+attention' and '+skip-padding' after a model's name; anything else is refused. */
function parseModifiers(
  name: string,
  parts: string[],
): Pick<ModelVariant, 'attention' | 'skipPadding'> {
  const found: Pick<ModelVariant, 'attention' | 'skipPadding'> = {};
  for (const part of parts) {
    const key = (Object.keys(MODIFIERS) as (keyof typeof MODIFIERS)[]).find(
      (k) => MODIFIERS[k] === part.toLowerCase().replace(/\s+/g, ''),
    );
    if (key === undefined)
      throw modelsError(
        `unknown modifier '+${part}' in '${name}'; valid: +${MODIFIERS.attention}, +${MODIFIERS.skipPadding}`,
      );
    if (found[key]) throw modelsError(`'+${MODIFIERS[key]}' given twice in '${name}'`);
    found[key] = true;
  }
  return found;
}

/**
 * Picks variants by label ('GRU,SRNN(8,2)'), names a slicing outside the line-up
 * ('BiSRNN(8,2)'), and adds modifiers to an SRNN ('SRNN(8,2)+attention',
 * 'BiSRNN(8,2)+skip-padding'), failing with the forms that are valid.
 */
export function selectVariants(
  lineup: ModelVariant[],
  labels: string[] | undefined,
  maxLength?: number,
): ModelVariant[] {
  if (!labels || labels.length === 0) return lineup;
  const byLabel = new Map(lineup.map((v) => [v.label.toUpperCase().replace(/\s+/g, ''), v]));
  const chosen = labels.map((name) => {
    const [base = '', ...parts] = name.split('+').map((p) => p.trim());
    const v =
      byLabel.get(base.toUpperCase().replace(/\s+/g, '')) ??
      (maxLength !== undefined ? namedVariant(base, maxLength) : undefined);
    if (!v)
      throw modelsError(`unknown model '${name}'; valid here: ${validForms(lineup, maxLength)}`);
    const modifiers = parseModifiers(name, parts);
    if (parts.length === 0) return v;
    if (v.architecture !== 'srnn')
      throw modelsError(
        `'${name}': +${MODIFIERS.attention} and +${MODIFIERS.skipPadding} apply to SRNN models only, not ${v.label}`,
      );
    const variant: ModelVariant = { ...v, ...modifiers };
    return { ...variant, label: `${v.label}${modifierSuffix(variant)}` };
  });
  const seen = new Set<string>();
  for (const v of chosen) {
    if (seen.has(v.label)) throw modelsError(`'${v.label}' is listed twice`);
    seen.add(v.label);
  }
  return chosen;
}
