#!/usr/bin/env node
// `node scripts/reproduce.mjs ...`: `pnpm reproduce` with the app's own exit code after Ctrl-C
// (see scripts/srnn.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from './run-app.mjs';

runApp(
  join(dirname(fileURLToPath(import.meta.url)), '..'),
  'reproduce',
  'cli.cjs',
  process.argv.slice(2),
);
