/** What a migration needs to know about the dialect it runs on: only the column types that differ. */
export interface MigrationDialect {
  readonly binaryType: 'blob' | 'bytea';
}
