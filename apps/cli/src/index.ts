/** The `srnn` command line, callable in-process as `main(argv, context)`. */
export { main, VERSION } from './main';
export { EXIT, UsageError } from './errors';
export { processContext, type CliContext, type TextOutput } from './context';
export { benchmarkTrainingSteps, type SpeedRow, type SpeedSettings } from './speed-benchmark';
