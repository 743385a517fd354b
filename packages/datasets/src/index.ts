export { DatasetError, type Remedy } from './errors';
export { DEFAULT_MAX_RECORD_CHARS, OptionsError } from './options';
export type { FileRecordStats, InvalidPolicy, SkipCounts, SkippedAt, SkipReason } from './skips';
export { concatSources } from './records';
export type { RecordSource, RecordStream, TextRecord } from './records';
export { readFigshareYelp, type FigshareYelpOptions } from './formats/figshare-yelp';
export { readTangSs, type TangSsOptions } from './formats/tang-ss';
export { readZhangCsv, type ZhangCsvOptions } from './formats/zhang-csv';
export { readCsv, readTsv, type DelimitedOptions } from './formats/delimited';
export type { ColumnSelector, HeaderMode } from './formats/columns';
export { readJsonl, type JsonlOptions } from './formats/jsonl';
export { readParquet, type ParquetOptions } from './formats/parquet';
export { PAPER_DATASETS, PAPER_DATASET_IDS } from './registry';
export type { FileLayout, PaperDatasetId, PaperDatasetInfo } from './registry';
export {
  openPaperDataset,
  type OpenedPaperDataset,
  type OpenPaperDatasetOptions,
} from './open-paper-dataset';
export { listCorpora, openCorpus, type CorpusId } from './corpora/catalog';
export type { CorpusClass, CorpusInfo, OpenedCorpus } from './corpora/types';
export { LabelMap, type LabelMapJson } from './label-map';
export { splitIndices, contiguousSplit, PAPER_FRACTIONS, PAPER_SEED, type Split } from './split';
export { encodeDataset, takeRows } from './encode';
export type { EncodedDataset, EncodedRows, EncodeOptions, SplitSources } from './encode';
export type { TokenIds } from './encode-plan';
export type { EncodeStats, PartStats } from './encode-stats';
export { UINT16_MAX_ID } from './token-ids';
export { gatherBatch, matrixRows, splitRows } from './row-split';
export type { EncodedMatrix, GatheredIds, RowSplit } from './row-split';
export {
  generateSyntheticDataset,
  type SyntheticDatasetOptions,
  type SyntheticDatasetSummary,
} from './synthetic/generate';
export { SYNTHETIC_PARAMETERS, syntheticDocuments } from './synthetic/documents';
export type { SyntheticDocument, SyntheticDocumentOptions } from './synthetic/documents';
export { SYNTHETIC_MARKER } from './synthetic/names';
export { readSyntheticMarker, type SyntheticMarker } from './synthetic/marker';
export { ZipfSampler } from './synthetic/zipf';
export { LengthDistribution } from './synthetic/lengths';
