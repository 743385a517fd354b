import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describePlan, locateToken, parseSpec, plan, suggestPlans } from '@srnn/slicing';

// Mirrors the README's usage example, so the values printed there stay true.
describe('README usage example', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

  it('plans SRNN(8,2) on T = 500 as the example prints', () => {
    const p = plan({ length: 500, slices: parseSpec('SRNN(8,2)').slices });
    expect([p.minimalLength, p.paddedLength, p.frontPadding, p.sequentialDepth]).toEqual([
      8, 512, 12, 24,
    ]);
    expect(readme).toContain('// 8 512 12 24');
    const printed = describePlan(p)
      .split('\n')
      .map((line) => `// ${line}`)
      .join('\n');
    expect(readme).toContain(printed);
  });

  it('locates the first word as the example prints', () => {
    const p = plan({ length: 500, slices: parseSpec('SRNN(8,2)').slices });
    expect(locateToken(p, 0)).toEqual({
      position: 0,
      paddedPosition: 12,
      path: [0, 1, 4],
      sequenceIndices: [1, 0, 0],
    });
    expect(readme).toContain(
      '// { position: 0, paddedPosition: 12, path: [ 0, 1, 4 ], sequenceIndices: [ 1, 0, 0 ] }',
    );
  });

  it('names a per-level plan and ranks plans for T = 512 as the example prints', () => {
    expect(plan({ length: 100, slices: [8, 4, 2] }).name).toBe('SRNN[8,4,2]');
    expect(suggestPlans(512, { limit: 3 }).map((s) => s.name)).toEqual([
      'SRNN(4,4)',
      'SRNN(2,7)',
      'SRNN(2,8)',
    ]);
    expect(readme).toContain("// [ 'SRNN(4,4)', 'SRNN(2,7)', 'SRNN(2,8)' ]");
  });
});
