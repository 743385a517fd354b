/**
 * @packageDocumentation
 * The Node.js entry of `@srnn/cells` (the `node` export condition picks it): everything the
 * default entry has, plus {@link loadCellPackage}, which imports a cell package by name as
 * installed for a project directory.
 */
export * from './index';
export { loadCellPackage, type LoadedCellPackage } from './load-cell-package';
