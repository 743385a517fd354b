// A cell description that breaks a rule is refused when compiled, with a message naming the cell,
// the stage and the stream, and what would be valid.
import { compileCell } from '../src/cell-plan';
import type { GatedCell } from '../src/cell-description';
import { minimalGatedUnit } from './examples/minimal-gated-unit';

/** The example cell with a change, under a key of its own (plans are kept by key). */
function broken(key: string, change: (cell: GatedCell) => GatedCell): () => unknown {
  return () => compileCell(change({ ...minimalGatedUnit, key }));
}

const [gatePhase, statePhase] = minimalGatedUnit.phases as [
  GatedCell['phases'][number],
  GatedCell['phases'][number],
];

test('the example compiles: two phases, each stage with its streams in order', () => {
  const { plan } = compileCell(minimalGatedUnit);
  expect(plan.phases.map((p) => [p.first, p.count, p.forward.name, p.backward.name])).toEqual([
    [0, 1, 'mguGate', 'mguGateGradient'],
    [1, 1, 'mguState', 'mguStateGradient'],
  ]);
  expect(plan.phases[0]!.forward.roles[0]).toEqual({ kind: 'recurrent', block: 0 });
  expect(plan.functions.map((f) => f.name)).toEqual([
    'mguGate',
    'mguGateGradient',
    'mguState',
    'mguStateGradient',
  ]);
});

test.each([
  ['a bad key', broken('bad key!', (c) => c), 'key must be 1 to 100 letters'],
  [
    'more recurrent blocks than input blocks',
    broken('t.blocks', (c) => ({ ...c, recurrentBlocks: 3 })),
    'recurrentBlocks must be a whole number from 1 to inputBlocks (2)',
  ],
  [
    'phases that skip a block',
    broken('t.cover', (c) => ({
      ...c,
      phases: [gatePhase, { ...statePhase, blocks: { first: 2, count: 1 } }],
    })),
    'phase 1 must cover recurrent blocks from 1 on (count ≥ 1); got first 2, count 1',
  ],
  [
    'a role index out of range',
    broken('t.index', (c) => ({
      ...c,
      phases: [
        {
          ...gatePhase,
          forward: {
            ...gatePhase.forward,
            streams: { ...gatePhase.forward.streams, f: { kind: 'saved', block: 5 } },
          },
        },
        statePhase,
      ],
    })),
    "forward stage 'mguGate', stream 'f': index 5 of role 'saved' must be from 0 to 1",
  ],
  [
    'a backward role in a forward stage',
    broken('t.direction', (c) => ({
      ...c,
      phases: [
        {
          ...gatePhase,
          forward: {
            ...gatePhase.forward,
            streams: { ...gatePhase.forward.streams, f: { kind: 'carried', part: 0 } },
          },
        },
        statePhase,
      ],
    })),
    "forward stage 'mguGate', stream 'f': role 'carried' is not available in a forward stage",
  ],
  [
    'a block whose projection gradient no stage writes',
    broken('t.missing', (c) => {
      const { pf: _pf, ...streams } = gatePhase.backward.streams as Record<string, never>;
      return {
        ...c,
        phases: [{ ...gatePhase, backward: { ...gatePhase.backward, streams } }, statePhase],
      };
    }),
    "no stage writes block 0's projection gradient",
  ],
  [
    'two stages with one name',
    broken('t.names', (c) => ({
      ...c,
      phases: [gatePhase, { ...statePhase, forward: { ...statePhase.forward, name: 'mguGate' } }],
    })),
    "forward stage 'mguGate': two stages share this name",
  ],
])('%s is refused', (_what, compile, message) => {
  expect(compile).toThrow(message);
});
