// The cell conformance kit, re-exported so cell authors can depend on @srnn/model alone, with the
// checks that need the model.
export * from '@srnn/cells/testing';
export { modelConformanceChecks } from './model-conformance';
