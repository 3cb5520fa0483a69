import { expect } from 'vitest';
import type { TestInstallation } from '../support/test-installation.js';

/** The tenant roles every access test needs, plus a second agent and a second manager. */
export const TENANT_CAST = ['owner', 'admin', 'manager', 'manager2', 'agent', 'agent2', 'security', 'auditor'] as const;
export const OPERATOR_CAST = ['engineer', 'opsecurity', 'datascientist', 'support'] as const;
export type CastMember = (typeof TENANT_CAST)[number] | (typeof OPERATOR_CAST)[number] | 'operatorOwner';

export interface Cast {
  readonly tenantId: string;
  readonly keys: Record<CastMember, string>;
  readonly ids: Record<CastMember, string>;
}

const ROLE: Record<string, string> = { manager2: 'manager', agent2: 'agent', opsecurity: 'security', datascientist: 'data-scientist' };

/** Personal data in a message, to check redaction and that nothing leaks where it must not. */
export const PII = {
  email: 'jane.roe@example.test',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  secret: 'LANTERN-WALRUS-4471',
};
export const PII_BODY = `Hi, I'm Jane (${PII.email}, ${PII.phone}). Card ${PII.card} was charged twice. Code ${PII.secret}.`;

/** A tenant with one member of each role (keys and ids), and the operator's staff. */
export async function createCast(sd: TestInstallation, name: string, operator?: Cast): Promise<Cast> {
  const created = await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name } });
  expect(created.statusCode, created.body).toBe(201);
  const tenantId: string = created.json().id;
  const keys = { operatorOwner: sd.operatorKey } as Record<CastMember, string>;
  const ids = {} as Record<CastMember, string>;
  const slug = name.toLowerCase();
  for (const member of TENANT_CAST) {
    const token = member === 'owner' ? sd.operatorKey : keys.owner;
    const response = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token,
      body: { email: `${member}@${slug}.test`, name: member, role: ROLE[member] ?? member },
    });
    expect(response.statusCode, response.body).toBe(201);
    keys[member] = response.json().apiKey;
    ids[member] = response.json().id;
  }
  for (const member of OPERATOR_CAST) {
    if (operator) {
      keys[member] = operator.keys[member];
      ids[member] = operator.ids[member];
      continue;
    }
    const response = await sd.request('POST', '/v1/operator/members', {
      token: sd.operatorKey,
      body: { email: `${member}@operator.test`, name: member, role: ROLE[member] ?? member },
    });
    expect(response.statusCode, response.body).toBe(201);
    keys[member] = response.json().apiKey;
    ids[member] = response.json().id;
  }
  return { tenantId, keys, ids };
}

/** Opens a conversation (by the owner) carrying `PII_BODY`; returns its id. */
export async function openConversation(sd: TestInstallation, cast: Cast, body = PII_BODY): Promise<string> {
  const response = await sd.request('POST', `/v1/tenants/${cast.tenantId}/conversations`, {
    token: cast.keys.owner,
    body: { contact: { email: PII.email, name: 'Jane Roe' }, message: { body } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** Any method, JSON body, bearer token: for the routes `TestInstallation.request` does not cover (PUT). */
export async function call(sd: TestInstallation, method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  return sd.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined && { payload: body as object }) });
}

/** Asks for access; returns the response. */
export function ask(sd: TestInstallation, token: string, body: Record<string, unknown>) {
  return sd.request('POST', '/v1/access-requests', {
    token,
    body: { purpose: 'Customer asked about a double charge', ticket: 'INC-4711', durationMinutes: 60, view: 'full', ...body },
  });
}

/** What a `key-provider-change` request asks for (the route's `change`). */
export type KeyChange = { kind: 'import' } | { kind: 'customer-managed'; module: string; tokenLabel: string; keyLabel: string };

/** A key provider change asked for by the owner and approved by the manager and the security officer (the default dual control); its request id. */
export async function approvedKeyChange(sd: TestInstallation, cast: Cast, change: KeyChange): Promise<string> {
  const asked = await sd.request('POST', `/v1/tenants/${cast.tenantId}/key/provider-changes`, {
    token: cast.keys.owner,
    body: { change, purpose: 'Moving the tenant key to our own custody', ticket: 'KMS-1', durationMinutes: 60 },
  });
  expect(asked.statusCode, asked.body).toBe(202);
  for (const approver of ['manager', 'security'] as const) {
    const approved = await sd.request('POST', `/v1/access-requests/${asked.json().requestId}/approve`, { token: cast.keys[approver] });
    expect(approved.statusCode, approved.body).toBe(200);
  }
  return asked.json().requestId;
}
