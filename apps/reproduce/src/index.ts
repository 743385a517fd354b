export { main, buildProgram } from './cli';
export { reproduce, planDatasets } from './run';
export { parseReproduceOptions, reproduceOptionsSchema, type ReproduceOptions } from './options';
export { table2Lineup, selectVariants, binaryDepthFor, type ModelVariant } from './lineup';
export { runTable3, table3Spec, type Table3Row, type Table3Options } from './experiments/table3';
export { runTable2Dataset, type Table2DatasetResult, type Table2Run } from './experiments/table2';
export {
  writeReport,
  table2Lines,
  table2Table,
  table3Table,
  type ReproductionReport,
} from './report';
export {
  writeSpeedReport,
  describeSizes,
  GRU_VARIANTS_NOTE,
  type RecordedSpeedSettings,
  type RunContext,
} from './speed-report';
export {
  renderReadme,
  renderSections,
  takeRun,
  repositoryRoot,
  RUN_FILES,
  type RenderOptions,
} from './docs/render-readme';
export { replaceSections, staleSections } from './docs/readme-sections';
export { paperAverages, paperRowsFor, PAPER_TABLE2, PAPER_TABLE3 } from './paper';
export { EMBEDDED_DATASETS, EMBEDDED_SETTINGS, PAPER_SETTINGS } from './defaults';
