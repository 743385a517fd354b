// The cell conformance kit, re-exported so cell authors can depend on @srnn/model alone.
export * from '@srnn/cells/testing';
