import { z } from 'zod';
import { recordAccessEvent, type Principal } from '../../access/index.js';
import {
  MAX_AUDIT_RETENTION_DAYS,
  MIN_AUDIT_RETENTION_DAYS,
  OPERATOR_LOG,
  type AuditAction,
  type VerifiableAuditLog,
} from '../../audit/index.js';
import { encodeBase64 } from '../../audit/checkpoint/index.js';
import { formatJsonLine, readExportBatch } from '../../audit/export/index.js';
import type { Clock, RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant, type Database } from '../../store/index.js';
import type { Kysely } from 'kysely';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf } from '../schemas.js';
import { requireAuditReader } from './audit-reader.js';
import { requirePrincipal } from './require-principal.js';

export interface AuditRouteDeps {
  readonly db: Kysely<Database>;
  readonly audit: VerifiableAuditLog;
  readonly clock: Clock;
}

const MAX_PAGE = 1000;
const TEXT = 'text/plain; charset=utf-8';
const NDJSON = 'application/x-ndjson';
/** The response header naming the next index to ask the export route for. */
const NEXT_CURSOR = 'x-sealdesk-next-cursor';
const index = z.coerce.number().int().min(0);

const entrySchema = z.object({
  index: z.number(),
  recordedAt: z.string(),
  leafHash: z.string().describe('base64 SHA-256(0x00 ‖ leafBytes)'),
  leafBytes: z.string().nullable().describe('base64 of the exact canonical JSON hashed into the tree; null once pruned'),
  event: z.record(z.string(), z.unknown()).nullable(),
});

/** Where a route's log comes from: a tenant id in the path, or the operator's own log. */
interface LogScope {
  readonly prefix: string;
  readonly tag: string;
  readonly params: z.ZodType<{ tenantId?: string }>;
  logId(params: { tenantId?: string }): string;
}

const scopes: LogScope[] = [
  {
    prefix: '/v1/tenants/:tenantId/audit',
    tag: 'audit',
    params: z.object({ tenantId: idOf('tenant') }).strict(),
    logId: (params) => params.tenantId!,
  },
  { prefix: '/v1/operator/audit', tag: 'operator', params: z.object({}).strict(), logId: () => OPERATOR_LOG },
];

/** The audit log API: checkpoints, the verifier key, entries with leaf bytes, search, proofs and the SIEM export. */
export function auditRoutes(deps: AuditRouteDeps): RouteDefinition[] {
  return [...scopes.flatMap((scope) => logRoutes(deps, scope)), retentionRoute(deps)];
}

function logRoutes(deps: AuditRouteDeps, scope: LogScope): RouteDefinition[] {
  const open = async (principal: Principal | undefined, params: { tenantId?: string }) => {
    const logId = scope.logId(params);
    requireAuditReader(requirePrincipal(principal), logId);
    if (logId !== OPERATOR_LOG && !(await findTenant(deps.db, logId))) throw new SealdeskError('not_found');
    return logId;
  };
  return [
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/checkpoint`,
      summary: 'The latest checkpoint (C2SP tlog-checkpoint, signed as a C2SP signed note with Ed25519).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      response: { status: 200 },
      handler: async ({ principal, params }) => ({
        status: 200,
        contentType: TEXT,
        body: await deps.audit.checkpoint(await open(principal, params)),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/key`,
      summary: 'The C2SP verifier key (name+hash+base64) that checks this log\'s checkpoints.',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      response: { status: 200 },
      handler: async ({ principal, params }) => ({
        status: 200,
        contentType: TEXT,
        body: `${await deps.audit.verifierKey(await open(principal, params))}\n`,
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/entries`,
      summary: `Entries [start, end) with their exact leaf bytes (at most ${MAX_PAGE} per call), so anyone can rebuild the tree.`,
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      query: z.object({ start: index.default(0), end: index.optional() }).strict(),
      response: { status: 200, schema: z.object({ size: z.number(), entries: z.array(entrySchema) }) },
      handler: async ({ principal, params, query, context }) => {
        const logId = await open(principal, params);
        const size = await deps.audit.size(logId);
        const end = Math.min(query.end ?? size, size, query.start + MAX_PAGE);
        await recordRead(deps, requirePrincipal(principal), logId, context, 'entries');
        const entries = await deps.audit.entries(logId, query.start, end);
        return {
          status: 200,
          body: {
            size,
            entries: entries.map((entry) => ({
              index: entry.index,
              recordedAt: entry.recordedAt,
              leafHash: encodeBase64(entry.leafHash),
              leafBytes: entry.body === null ? null : Buffer.from(entry.body, 'utf8').toString('base64'),
              event: entry.body === null ? null : parseStoredEvent(entry.body),
            })),
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/export`,
      summary:
        `For a SIEM: up to \`limit\` (at most ${MAX_PAGE}) entries from \`cursor\` as JSON lines (application/x-ndjson), ` +
        `one canonical JSON object {index, leafHash, event} per line (event null once pruned); ` +
        `the ${NEXT_CURSOR} header is the cursor to ask for next. Each call is itself logged.`,
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      query: z.object({ cursor: index.default(0), limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE) }).strict(),
      response: { status: 200 },
      handler: async ({ principal, params, query, context }) => {
        const logId = await open(principal, params);
        const size = await deps.audit.size(logId);
        if (query.cursor > size) {
          throw new SealdeskError('invalid_request', { userMessage: `The cursor is beyond the end of the log (${size} entries).` });
        }
        const end = Math.min(size, query.cursor + query.limit);
        await record(deps, requirePrincipal(principal), logId, context, 'audit.read', { what: 'export', from: query.cursor, to: end });
        const entries = await readExportBatch(deps.audit, logId, query.cursor, end);
        return { status: 200, contentType: NDJSON, headers: { [NEXT_CURSOR]: String(end) }, body: entries.map(formatJsonLine).join('') };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/search`,
      summary: 'Search entries by actor, conversation, action and time range [from, to).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      query: z
        .object({
          actor: z.string().max(64).optional(),
          conversation: idOf('conversation').optional(),
          action: z.string().max(64).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
        })
        .strict(),
      response: { status: 200, schema: z.object({ entries: z.array(z.object({ index: z.number(), event: z.record(z.string(), z.unknown()) })) }) },
      handler: async ({ principal, params, query, context }) => {
        const logId = await open(principal, params);
        await recordRead(deps, requirePrincipal(principal), logId, context, 'search');
        const normalise = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());
        const entries = await deps.audit.search(logId, { ...query, from: normalise(query.from), to: normalise(query.to) });
        return { status: 200, body: { entries } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/proof/inclusion`,
      summary: 'RFC 9162 inclusion proof of entry `index` in the tree of `size` entries (hashes base64).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      query: z.object({ index, size: index }).strict(),
      response: { status: 200, schema: z.object({ index: z.number(), size: z.number(), proof: z.array(z.string()) }) },
      handler: async ({ principal, params, query }) => {
        const proof = await deps.audit.inclusionProof(await open(principal, params), query.index, query.size);
        return { status: 200, body: { index: query.index, size: query.size, proof: proof.map(encodeBase64) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/proof/consistency`,
      summary: 'RFC 9162 consistency proof from the tree of `from` entries to the tree of `to` entries (hashes base64).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      query: z.object({ from: index, to: index }).strict(),
      response: { status: 200, schema: z.object({ from: z.number(), to: z.number(), proof: z.array(z.string()) }) },
      handler: async ({ principal, params, query }) => {
        const proof = await deps.audit.consistencyProof(await open(principal, params), query.from, query.to);
        return { status: 200, body: { from: query.from, to: query.to, proof: proof.map(encodeBase64) } };
      },
    }),
  ];
}

function retentionRoute(deps: AuditRouteDeps): RouteDefinition {
  return defineRoute({
    method: 'POST',
    url: '/v1/tenants/:tenantId/audit/retention',
    summary: `Set how long audit entry bodies are kept (${MIN_AUDIT_RETENTION_DAYS}–${MAX_AUDIT_RETENTION_DAYS} days; tenant owner or security officer).`,
    tag: 'audit',
    auth: 'bearer',
    params: z.object({ tenantId: idOf('tenant') }).strict(),
    body: z.object({ days: z.number().int().min(MIN_AUDIT_RETENTION_DAYS).max(MAX_AUDIT_RETENTION_DAYS) }).strict(),
    response: { status: 200, schema: z.object({ days: z.number() }) },
    handler: async ({ principal, params, body, context }) => {
      const caller = requirePrincipal(principal);
      requireAuditReader(caller, params.tenantId);
      if (caller.kind !== 'member' || !['owner', 'security'].includes(caller.role)) throw new SealdeskError('access_denied');
      await deps.db.updateTable('tenants').set({ audit_retention_days: body.days }).where('id', '=', params.tenantId).execute();
      await record(deps, caller, params.tenantId, context, 'audit.retention-changed', { days: body.days });
      return { status: 200, body: { days: body.days } };
    },
  });
}

/** A stored body as JSON, or null if it no longer parses (tampering: the verifier will say so). */
function parseStoredEvent(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function recordRead(deps: AuditRouteDeps, principal: Principal, logId: string, context: RequestContext, what: string) {
  return record(deps, principal, logId, context, 'audit.read', { what });
}

function record(
  deps: AuditRouteDeps,
  principal: Principal,
  logId: string,
  context: RequestContext,
  action: AuditAction,
  details: Record<string, string | number>,
): Promise<void> {
  return recordAccessEvent(deps, principal, context, {
    action,
    tenantId: logId === OPERATOR_LOG ? null : logId,
    outcome: 'allowed',
    rule: 'audit-reader',
    details,
  });
}
