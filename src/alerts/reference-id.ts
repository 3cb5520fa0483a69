import { ID_PREFIXES, isId, type IdKind } from '../common/index.js';
import { OPERATOR_SCOPE } from './alert.js';
import { isDestinationId } from './destinations/destination-id.js';

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

/** Whether `value` names something by id (any Sealdesk id, or the `operator` scope) and so holds no PII. */
export function isReferenceId(value: string): boolean {
  return value === OPERATOR_SCOPE || KINDS.some((kind) => isId(kind, value)) || isDestinationId(value);
}
