import { z } from 'zod';
import { TENANT_KEY_STATES } from '../../crypto/index.js';
import { HARD_MAX_GRANT_MINUTES } from '../../access/index.js';
import {
  adoptCustomerManagedKey,
  changeTenantKeyState,
  getKeyImportParameters,
  getTenantKeyStatus,
  importTenantKey,
  requestKeyProviderChange,
  requestTenantKeyDestruction,
  type KeyDeps,
} from '../../keys/index.js';
import { createPatternRedactor, type RedactorFactory } from '../../privacy/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf, purposeSchema, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const ticketBody = z.object({ ticket: ticketSchema }).strict();
const destructionBody = z.object({ purpose: purposeSchema, ticket: ticketSchema }).strict();
const pendingSchema = z.object({ status: z.literal('pending'), requestId: z.string(), pendingUntil: z.string() });
const statusSchema = z.object({
  tenantId: z.string(),
  state: z.enum(TENANT_KEY_STATES),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
  versions: z.array(z.object({ version: z.number(), origin: z.string(), createdAt: z.string(), wrappedBy: z.enum(['installation', 'customer']) })),
  customerKeys: z.array(
    z.object({
      fromVersion: z.number(),
      provider: z.literal('pkcs11'),
      module: z.string(),
      tokenLabel: z.string(),
      keyLabel: z.string(),
      keyId: z.string(),
      adoptedAt: z.string(),
      adoptedBy: z.string(),
    }),
  ),
});

const importParametersSchema = z.object({
  tenantId: z.string(),
  importToken: z.string(),
  expiresAt: z.string(),
  algorithm: z.string(),
  oaep: z.object({ hash: z.literal('SHA-256'), mgf: z.literal('MGF1-SHA-256'), label: z.string(), labelHex: z.string() }),
  wrappingKey: z.object({ id: z.string(), publicKey: z.string(), modulusBits: z.number() }),
  keyMaterial: z.object({ spec: z.literal('AES-256'), bytes: z.number() }),
});
const importBody = z
  .object({
    importToken: idOf('keyImportToken'),
    /** An RSA-3072 (or 4096) ciphertext is 512–684 base64 characters; the bound only keeps junk out. */
    wrappedKey: z.string().max(4096),
    approval: idOf('accessRequest'),
  })
  .strict();
/** PKCS#11 limits: a token label is 1–32 bytes (v2.40 §3.2), a key label here 1–128 characters; a PIN has no standard bound. */
const customerKeyLocation = {
  module: z.string().min(1).max(4096).startsWith('/', 'must be an absolute path'),
  tokenLabel: z.string().min(1).refine((label) => Buffer.byteLength(label, 'utf8') <= 32 && label.trim() !== '', 'must be 1–32 bytes and not blank'),
  keyLabel: z.string().min(1).max(128).refine((label) => label.trim() !== '', 'must not be blank'),
};
const customerKeyBody = z
  .object({ ...customerKeyLocation, pin: z.string().min(1).max(256), approval: idOf('accessRequest') })
  .strict();
const providerChangeBody = z
  .object({
    change: z.discriminatedUnion('kind', [z.object({ kind: z.literal('import') }).strict(), z.object({ kind: z.literal('customer-managed'), ...customerKeyLocation }).strict()]),
    purpose: purposeSchema,
    ticket: ticketSchema,
    durationMinutes: z.int().min(1).max(HARD_MAX_GRANT_MINUTES),
  })
  .strict();
const importedSchema = z.object({
  version: z.number(),
  rotation: z.object({ id: z.string(), status: z.string(), phase: z.string() }),
  key: statusSchema,
});

/** A tenant's own key: `/v1/tenants/{id}/key` (its state and versions), disable and enable, destruction, BYOK import, customer-managed keys. */
export function keyRoutes(deps: KeyDeps & { readonly redactor?: RedactorFactory | undefined }): RouteDefinition[] {
  const base = '/v1/tenants/:tenantId/key';
  const change = (state: 'enabled' | 'disabled', summary: string) =>
    defineRoute({
      method: 'POST',
      url: `${base}/${state === 'disabled' ? 'disable' : 'enable'}`,
      summary,
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: ticketBody,
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await changeTenantKeyState(deps, requirePrincipal(principal), context, params.tenantId, { state, ticket: body.ticket }),
      }),
    });
  return [
    defineRoute({
      method: 'GET',
      url: base,
      summary: "The tenant key's state (enabled or disabled) and its versions with their origin; never key material.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getTenantKeyStatus(deps, requirePrincipal(principal), context, params.tenantId) }),
    }),
    change('disabled', "Disable the tenant's key (owner or security officer): its data answers key_unavailable until it is enabled again. Audited with the ticket."),
    change('enabled', "Enable the tenant's key again (owner or security officer). Audited with the ticket."),
    defineRoute({
      method: 'POST',
      url: `${base}/destruction`,
      summary:
        "Ask to destroy the tenant's key for good (owner or security officer): a key-destruction request that takes effect when the access policy's dual-control approvers (two people, never the requester) approve it; from then on everything sealed under the tenant's key answers key_destroyed, and its contacts' details and messages cannot be read from any backup made before either. Audited with the ticket.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: destructionBody,
      response: { status: 202, schema: pendingSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 202,
        body: await requestTenantKeyDestruction({ ...deps, redactor: deps.redactor ?? createPatternRedactor }, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/provider-changes`,
      summary:
        "Ask to change what holds the tenant's key — a BYOK import, or a named key on the tenant's PKCS#11 token (owner or security officer): a key-provider-change request; once the access policy's dual-control approvers (two people, never the requester) approve it, the requester makes that change once, within durationMinutes, naming it as approval. Audited with the change and the ticket.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: providerChangeBody,
      response: { status: 202, schema: pendingSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 202,
        body: await requestKeyProviderChange({ ...deps, redactor: deps.redactor ?? createPatternRedactor }, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/import-parameters`,
      summary: 'BYOK (owner or security officer): a one-use import token (24 h) and the RSA-OAEP-256 public key and label to wrap a 32-byte AES-256 key to.',
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: importParametersSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getKeyImportParameters(deps, requirePrincipal(principal), context, params.tenantId) }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/import`,
      summary:
        "BYOK (owner or security officer, with an approved key-provider-change request for an import as approval): import a key wrapped with the import parameters as the tenant's new key version (origin imported); a rotation re-wraps every data key under it. A bad wrapping or token is invalid_key_import, and nothing changes (the approval stays usable); no approval is dual_control_required.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: importBody,
      response: { status: 200, schema: importedSchema },
      handler: async ({ principal, params, body, context }) => ({ status: 200, body: await importTenantKey(deps, requirePrincipal(principal), context, params.tenantId, body) }),
    }),
    defineRoute({
      method: 'PUT',
      url: `${base}/customer-managed`,
      summary:
        "Customer-managed key (owner or security officer, with an approved key-provider-change request for this library, token and key label as approval): from now on the tenant's key versions are wrapped by an AES-256 key on the tenant's own PKCS#11 token; a rotation re-wraps every data key under the first. An unusable library, token, PIN or key is customer_key_refused, and nothing changes (the approval stays usable); no approval is dual_control_required.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: customerKeyBody,
      response: { status: 200, schema: importedSchema },
      handler: async ({ principal, params, body, context }) => ({ status: 200, body: await adoptCustomerManagedKey(deps, requirePrincipal(principal), context, params.tenantId, body) }),
    }),
  ];
}
