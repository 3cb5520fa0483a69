import { describe, expect, it } from 'vitest';
import { systemJustification } from '../../crypto/index.js';
import { DEFAULT_ACCESS_POLICY } from '../policy/access-policy.js';
import { isTightening } from '../policy/is-tightening.js';
import { justificationFor } from '../enforce.js';
import { refusedKeyClass } from './key-layer-guard.js';

const request = { requestId: 'req_1', channel: 'api' } as const;
const operator = justificationFor({ kind: 'operator', id: 'opm_1', role: 'engineer' }, request, 'conversation.read', 'acr_1');
const breakGlass = justificationFor({ kind: 'member', id: 'mem_1', tenantId: 'ten_1', role: 'agent' }, request, 'conversation.read', 'acr_2', true);
const member = justificationFor({ kind: 'member', id: 'mem_2', tenantId: 'ten_1', role: 'admin' }, request, 'conversation.read');
const assistant = systemJustification('assistant', 'kb-index');

describe('refusedKeyClass', () => {
  it('names the class a justification falls under, first refusal first', () => {
    expect(refusedKeyClass(['operator'], operator)).toBe('operator');
    expect(refusedKeyClass(['grant', 'operator'], operator)).toBe('grant');
    expect(refusedKeyClass(['break-glass'], breakGlass)).toBe('break-glass');
    expect(refusedKeyClass(['grant'], breakGlass)).toBe('grant');
  });

  it("never refuses the tenant's standing access or the system's own work", () => {
    for (const justification of [member, assistant]) expect(refusedKeyClass(['operator', 'break-glass', 'grant'], justification)).toBeUndefined();
    expect(refusedKeyClass([], operator)).toBeUndefined();
  });
});

describe('key-layer refusals in the access policy', () => {
  const refusing = (...refuse: Array<'operator' | 'break-glass' | 'grant'>) => ({ ...DEFAULT_ACCESS_POLICY, keyLayer: { refuse } });

  it('count adding a refusal as tightening and removing one as loosening', () => {
    expect(isTightening(DEFAULT_ACCESS_POLICY, refusing('operator'))).toBe(true);
    expect(isTightening(refusing('operator'), refusing('operator', 'break-glass'))).toBe(true);
    expect(isTightening(refusing('operator', 'grant'), refusing('grant'))).toBe(false);
  });
});
