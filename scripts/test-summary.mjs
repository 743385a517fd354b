#!/usr/bin/env node
// Adds up every package's jest results (written by `jest --json --outputFile=.test-results.json`)
// and prints the plain `N passed, N failed` line that CI reads. Exits non-zero if anything failed
// or if a package that has tests produced no results.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
// Failures are repeated here, after turbo's interleaved output, so that the end of a CI log says
// which test failed and why.
const failures = [];
// The message without colours and stack frames, at most 12 lines.
const brief = (text) =>
  text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trim()
    .split('\n')
    .slice(0, 12)
    .join('\n  ');
for (const group of ['packages', 'apps']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir).sort()) {
    const dir = join(groupDir, name);
    if (!existsSync(join(dir, 'test'))) continue;
    const file = join(dir, '.test-results.json');
    if (!existsSync(file)) {
      problems.push(`${group}/${name}: no test results (did its test task fail to start?)`);
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const suite of r.testResults ?? []) {
      const testFile = suite.name.slice(dir.length + 1);
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) {
        failures.push(`${group}/${name} ${testFile}: ${brief(suite.message ?? '')}`);
      }
      for (const test of suite.assertionResults ?? []) {
        if (test.status !== 'failed') continue;
        const message = brief((test.failureMessages ?? []).join('\n'));
        failures.push(`${group}/${name} ${testFile} › ${test.fullName}\n  ${message}`);
      }
    }
    const line = `${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`;
    console.log(
      r.numRuntimeErrorTestSuites
        ? `${line}, ${r.numRuntimeErrorTestSuites} suites failed to run`
        : line,
    );
  }
}
for (const p of problems) console.log(p);
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
