import { SealdeskError } from '../errors/index.js';
import type { Binding } from './binding.js';
import { lengthPrefixed } from './length-prefixed.js';

/**
 * The AEAD associated data of an envelope: its header bytes (format, algorithm, key id, key
 * version) followed by the binding's tenant, table, column and row, each length-prefixed.
 * Throws `internal` if a binding field is empty, so nothing is sealed to a vague location.
 */
export function envelopeAad(header: Uint8Array, binding: Binding): Buffer {
  const fields = [binding.tenant, binding.table, binding.column, binding.row];
  if (fields.some((field) => typeof field !== 'string' || field.length === 0)) {
    throw new SealdeskError('internal', { detail: 'every binding field must be a non-empty string' });
  }
  return Buffer.concat([header, lengthPrefixed(fields)]);
}
