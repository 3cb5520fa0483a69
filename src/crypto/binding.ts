/**
 * Where a ciphertext belongs. Every field is bound into the AEAD associated data, so a ciphertext
 * copied to another tenant, table, column or row fails to decrypt. Fields must be non-empty.
 */
export interface Binding {
  /** Tenant id; also selects the tenant's keys. */
  tenant: string;
  table: string;
  column: string;
  /** Row id. */
  row: string;
  /**
   * The end customer (contact id) the data is about. Set: it is sealed under that contact's own
   * subject key, which erasure destroys (crypto-shredding); see `KeyRing.destroySubjectKey`.
   */
  subject?: string | undefined;
}
