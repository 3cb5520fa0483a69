export { exportSnapshot, type RowCounts, type SnapshotSink, type SnapshotSource, type SnapshotValue } from './export-snapshot.js';
export { discardImportedSnapshot, importSnapshot, type SnapshotImport, type SnapshotRecord } from './import-snapshot.js';
export type { TableShape } from './table-catalogue.js';
