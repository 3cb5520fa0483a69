import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { createCast, PII, type Cast } from '../api/tenant-cast.js';

/**
 * Model-based property test: random sequences of API calls by random principals — reads, access
 * requests (break-glass included), approvals, denials, revocations, assignments, role changes and
 * the clock moving on. A small independent model of the default policy says what each principal
 * may see at each moment; after every read the server must agree with it exactly, no response may
 * carry content (or, below the full view, personal data) the caller has no live authority for,
 * and the read must already be in the tenant's audit log.
 */

const [sqlite] = await testDatabases();
const MINUTE = 60_000;

type Who = 'owner' | 'admin' | 'manager' | 'agent' | 'agent2' | 'security' | 'auditor' | 'engineer' | 'datascientist' | 'support';
const PEOPLE: Who[] = ['owner', 'admin', 'manager', 'agent', 'agent2', 'security', 'auditor', 'engineer', 'datascientist', 'support'];
const OPERATORS = new Set<Who>(['engineer', 'datascientist', 'support']);
const CONVERSATIONS = 3;
type View = 'masked' | 'redacted' | 'full';
const RANK: Record<View, number> = { masked: 0, redacted: 1, full: 2 };

interface ModelGrant {
  readonly id: string;
  readonly holder: Who;
  readonly scope: readonly number[] | 'tenant';
  readonly view: 'redacted' | 'full';
  readonly duration: number;
  readonly slots: readonly (readonly string[])[];
  readonly pendingUntil: number;
  status: 'pending' | 'live' | 'ended';
  expiresAt: number;
  approvers: { who: Who; role: string }[];
}

interface Model {
  role: Record<Who, string>;
  assignee: (Who | null)[];
  grants: ModelGrant[];
}

interface Real {
  readonly sd: TestInstallation;
  readonly cast: Cast;
  readonly keys: Record<Who, string>;
  readonly ids: Record<Who, string>;
  readonly conversations: string[];
  readonly markers: string[];
}

const now = (real: Real) => real.sd.clock.now().getTime();

/** The reference: the best view `who` may have of conversation `index` now, under the default policy. */
function expectedView(model: Model, real: Real, who: Who, index: number): View | 'none' {
  const role = model.role[who];
  let best: View | 'none' = 'none';
  if (role === 'owner' || role === 'admin') best = 'full';
  else if (role === 'agent') best = model.assignee[index] === who ? 'full' : 'masked';
  else if (role !== 'auditor') best = 'masked';
  for (const grant of model.grants) {
    if (grant.holder !== who || grant.status !== 'live' || grant.expiresAt <= now(real)) continue;
    if (grant.scope !== 'tenant' && !grant.scope.includes(index)) continue;
    const view = who === 'datascientist' ? 'redacted' : grant.view;
    if (best === 'none' || RANK[view] > RANK[best]) best = view;
  }
  return best;
}

/** Whether a conversation is in an agent's queue: unassigned, or assigned to them. */
const inQueue = (model: Model, who: Who, index: number) => model.assignee[index] === null || model.assignee[index] === who;

/** The default policy's rules, restated independently: the slots a request needs, or undefined if refused. */
function slotsFor(model: Model, who: Who, scope: readonly number[] | 'tenant', view: 'redacted' | 'full', duration: number): string[][] | undefined {
  if (OPERATORS.has(who)) return [['security', 'owner']];
  if (model.role[who] !== 'agent') return undefined;
  if (scope === 'tenant') return [['manager', 'admin', 'owner'], ['security']];
  if (view === 'redacted' && duration <= 60 && scope.every((index) => inQueue(model, who, index))) return [];
  return [['manager', 'admin', 'owner']];
}

function filled(slots: readonly (readonly string[])[], roles: readonly string[]): number {
  // Few slots and approvers: try every assignment.
  const go = (slot: number, used: Set<number>): number => {
    if (slot === slots.length) return 0;
    let best = go(slot + 1, used);
    roles.forEach((role, index) => {
      if (!used.has(index) && slots[slot]?.includes(role)) best = Math.max(best, 1 + go(slot + 1, new Set([...used, index])));
    });
    return best;
  };
  return go(0, new Set());
}

function settle(model: Model, real: Real): void {
  for (const grant of model.grants) {
    if (grant.status === 'pending' && now(real) >= grant.pendingUntil) grant.status = 'ended';
    if (grant.status === 'live' && now(real) >= grant.expiresAt) grant.status = 'ended';
  }
}

/** One of the three most recent requests: decisions mostly concern what was just asked. */
const recent = (model: Model, pick: number): ModelGrant => model.grants[model.grants.length - 1 - (pick % Math.min(3, model.grants.length))]!;

class Read implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: Who, readonly index: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const conversationId = real.conversations[this.index] ?? '';
    const response = await real.sd.request('GET', `/v1/conversations/${conversationId}`, { token: real.keys[this.who] });
    const expected = expectedView(model, real, this.who, this.index);
    const marker = real.markers[this.index] ?? '';
    if (expected === 'none') {
      expect(response.statusCode, this.toString()).toBe(403);
    } else {
      expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(200);
      expect(response.json().view, this.toString()).toBe(expected);
    }
    const view: View | 'none' = response.statusCode === 200 ? response.json().view : 'none';
    if (view === 'none' || view === 'masked') expect(response.body, `${this.toString()} leaked content`).not.toContain(marker);
    if (view !== 'full') for (const pii of [PII.email, PII.card, PII.phone]) expect(response.body, `${this.toString()} leaked PII`).not.toContain(pii);
    const requestId = response.headers['x-request-id'];
    const recorded = await real.sd.installation.audit.search(real.cast.tenantId, { conversation: conversationId, limit: 100_000 });
    const event = recorded.find((entry) => entry.event.requestId === requestId);
    const action = { full: 'content.read', redacted: 'content.read-redacted', masked: 'conversation.inspected', none: 'content.read' }[view];
    expect(event?.event, `${this.toString()} unrecorded`).toMatchObject({ action, outcome: view === 'none' ? 'denied' : 'allowed' });
    if (view === 'redacted' || (view === 'full' && response.json().access.grantId !== null)) {
      expect(event?.event.reason.grant, this.toString()).toBe(response.json().access.grantId);
    }
  }
  toString = () => `read(${this.who}, #${this.index})`;
}

/** A read by the holder of a recent request, of a conversation it covers: where grants matter. */
class ReadAsHolder implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly index: number) {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = recent(model, this.pick);
    const index = grant.scope === 'tenant' ? this.index : (grant.scope[this.index % grant.scope.length] ?? 0);
    await new Read(grant.holder, index).run(model, real);
  }
  toString = () => `read-as-holder(request ${this.pick}, #${this.index})`;
}

class Ask implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: Who,
    readonly scope: readonly number[] | 'tenant',
    readonly view: 'redacted' | 'full',
    readonly duration: number,
    readonly breakGlass: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.sd.request('POST', '/v1/access-requests', {
      token: real.keys[this.who],
      body: {
        tenantId: real.cast.tenantId,
        ...(this.scope !== 'tenant' && { conversationIds: this.scope.map((index) => real.conversations[index]) }),
        view: this.view,
        purpose: 'Model-based test request',
        ticket: 'PROP-1',
        durationMinutes: this.duration,
        ...(this.breakGlass && { breakGlass: true }),
      },
    });
    const role = model.role[this.who];
    const mayAsk = role === 'agent' || this.who === 'engineer' || this.who === 'support' || (this.who === 'datascientist' && this.view === 'redacted');
    const mayBreak = role === 'agent' || this.who === 'engineer';
    if (this.breakGlass) {
      const ok = mayBreak && this.duration <= 60;
      expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(ok ? 201 : mayBreak ? 400 : 403);
      if (ok) this.add(model, real, response.json().id, [], 'live');
      return;
    }
    const slots = mayAsk ? slotsFor(model, this.who, this.scope, this.view, this.duration) : undefined;
    if (!slots) return void expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(403);
    if (this.duration > 480) return void expect(response.statusCode, this.toString()).toBe(400);
    expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(201);
    expect(response.json().status, this.toString()).toBe(slots.length === 0 ? 'approved' : 'pending');
    this.add(model, real, response.json().id, slots, slots.length === 0 ? 'live' : 'pending');
  }
  private add(model: Model, real: Real, id: string, slots: string[][], status: 'live' | 'pending'): void {
    const at = now(real);
    model.grants.push({
      id,
      holder: this.who,
      scope: this.scope,
      view: this.view,
      duration: this.duration,
      slots,
      pendingUntil: at + 60 * MINUTE,
      status,
      expiresAt: status === 'live' ? at + this.duration * MINUTE : 0,
      approvers: [],
    });
  }
  toString = () => `ask(${this.who}, ${this.scope === 'tenant' ? 'tenant' : this.scope.join('+')}, ${this.view}, ${this.duration}m${this.breakGlass ? ', break-glass' : ''})`;
}

class Decide implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: Who, readonly pick: number, readonly verb: 'approve' | 'deny') {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = recent(model, this.pick);
    const response = await real.sd.request('POST', `/v1/access-requests/${grant.id}/${this.verb}`, { token: real.keys[this.who] });
    settle(model, real);
    const role = model.role[this.who];
    const roles = grant.approvers.map((approver) => approver.role);
    const eligible =
      !OPERATORS.has(this.who) &&
      grant.status === 'pending' &&
      grant.holder !== this.who &&
      !grant.approvers.some((approver) => approver.who === this.who) &&
      (this.verb === 'approve' ? filled(grant.slots, [...roles, role]) > filled(grant.slots, roles) : grant.slots.some((slot) => slot.includes(role)));
    expect(response.statusCode === 200, `${this.toString()} on ${grant.id}: ${response.body}`).toBe(eligible);
    if (!eligible) return;
    if (this.verb === 'deny') {
      grant.status = 'ended';
      return;
    }
    grant.approvers.push({ who: this.who, role });
    if (filled(grant.slots, grant.approvers.map((approver) => approver.role)) === grant.slots.length) {
      grant.status = 'live';
      grant.expiresAt = now(real) + grant.duration * MINUTE;
    }
    expect(response.json().status).toBe(grant.status === 'live' ? 'approved' : 'pending');
  }
  toString = () => `${this.verb}(${this.who}, request ${this.pick})`;
}

class Revoke implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: Who, readonly pick: number) {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = recent(model, this.pick);
    const response = await real.sd.request('POST', `/v1/access-requests/${grant.id}/revoke`, { token: real.keys[this.who] });
    settle(model, real);
    const role = model.role[this.who];
    const may = grant.holder === this.who || (!OPERATORS.has(this.who) && ['owner', 'admin', 'security'].includes(role));
    const ok = may && grant.status !== 'ended';
    expect(response.statusCode === 200, `${this.toString()} on ${grant.id}: ${response.body}`).toBe(ok);
    if (ok) grant.status = 'ended';
  }
  toString = () => `revoke(${this.who}, request ${this.pick})`;
}

class Assign implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number, readonly to: 'agent' | 'agent2') {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.sd.request('POST', `/v1/conversations/${real.conversations[this.index]}/assign`, {
      token: real.keys.manager,
      body: { memberId: real.ids[this.to] },
    });
    const assignable = ['owner', 'admin', 'manager', 'agent'].includes(model.role[this.to]);
    expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(assignable ? 200 : 400);
    if (assignable) model.assignee[this.index] = this.to;
  }
  toString = () => `assign(#${this.index} → ${this.to})`;
}

class ChangeRole implements fc.AsyncCommand<Model, Real> {
  constructor(readonly role: 'agent' | 'manager' | 'auditor') {}
  check = (model: Readonly<Model>) => model.role.agent2 !== this.role;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.sd.request('POST', `/v1/tenants/${real.cast.tenantId}/members/${real.ids.agent2}/role`, {
      token: real.keys.owner,
      body: { role: this.role },
    });
    expect(response.statusCode, `${this.toString()}: ${response.body}`).toBe(200);
    real.keys.agent2 = response.json().apiKey;
    model.role.agent2 = this.role;
    for (const grant of model.grants) if (grant.holder === 'agent2') grant.status = 'ended';
  }
  toString = () => `role(agent2 → ${this.role})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.sd.clock.advance(this.minutes * MINUTE);
    settle(model, real);
  }
  toString = () => `advance(${this.minutes}m)`;
}

const who = fc.constantFrom(...PEOPLE);
/** Requesters and approvers come up more often, so that requests get decided and used. */
const asker = fc.constantFrom<Who>('agent', 'agent', 'agent2', 'engineer', 'support', 'datascientist', ...PEOPLE);
const decider = fc.constantFrom<Who>('manager', 'manager', 'security', 'security', 'owner', 'admin', ...PEOPLE);
const conversation = fc.integer({ min: 0, max: CONVERSATIONS - 1 });
const read = fc.tuple(who, conversation).map(([principal, index]) => new Read(principal, index));
const readAsHolder = fc.tuple(fc.nat(), conversation).map(([pick, index]) => new ReadAsHolder(pick, index));
const ask = fc
  .record({
    who: asker,
    scope: fc.oneof(fc.constant('tenant' as const), fc.uniqueArray(conversation, { minLength: 1, maxLength: CONVERSATIONS })),
    view: fc.constantFrom('redacted' as const, 'full' as const),
    duration: fc.constantFrom(15, 60, 120, 600),
    breakGlass: fc.constantFrom(false, false, false, true),
  })
  .map(({ who: principal, scope, view, duration, breakGlass }) => new Ask(principal, scope, view, duration, breakGlass));
const decide = fc
  .tuple(decider, fc.nat(), fc.constantFrom('approve' as const, 'approve' as const, 'approve' as const, 'deny' as const))
  .map(([principal, pick, verb]) => new Decide(principal, pick, verb));
/** Weighted by repetition: reads, requests and decisions most. */
const commands = [
  read,
  read,
  readAsHolder,
  readAsHolder,
  readAsHolder,
  ask,
  ask,
  ask,
  decide,
  decide,
  decide,
  fc.tuple(who, fc.nat()).map(([principal, pick]) => new Revoke(principal, pick)),
  fc.tuple(conversation, fc.constantFrom('agent' as const, 'agent2' as const)).map(([index, to]) => new Assign(index, to)),
  fc.constantFrom('agent' as const, 'manager' as const, 'auditor' as const).map((role) => new ChangeRole(role)),
  fc.constantFrom(5, 30, 61, 240).map((minutes) => new Advance(minutes)),
];

describe('no principal ever receives content it has no live authority for', () => {
  let sd: TestInstallation;
  let operator: Cast;
  let tenants = 0;

  beforeAll(async () => {
    sd = await createTestInstallation(sqlite!);
    operator = await createCast(sd, 'Operator-fixture');
  });

  afterAll(async () => {
    await sd?.close();
  });

  async function setup(): Promise<{ model: Model; real: Real }> {
    const cast = await createCast(sd, `Model-${++tenants}`, operator);
    const markers: string[] = [];
    const conversations: string[] = [];
    for (let index = 0; index < CONVERSATIONS; index++) {
      const marker = `MARKER-${tenants}-${index}-QX`;
      const response = await sd.request('POST', `/v1/tenants/${cast.tenantId}/conversations`, {
        token: cast.keys.owner,
        body: { contact: { email: PII.email }, message: { body: `${marker} card ${PII.card}, phone ${PII.phone}, mail ${PII.email}` } },
      });
      conversations.push(response.json().id);
      markers.push(marker);
    }
    const pick = <T,>(record: Record<string, T>) => Object.fromEntries(PEOPLE.map((person) => [person, record[person]])) as Record<Who, T>;
    const role = Object.fromEntries(PEOPLE.map((person) => [person, person === 'agent2' ? 'agent' : person])) as Record<Who, string>;
    return {
      model: { role, assignee: conversations.map(() => null), grants: [] },
      real: { sd, cast, keys: pick(cast.keys), ids: pick(cast.ids), conversations, markers },
    };
  }

  it('holds over random sequences of calls by random principals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (sequence) => {
        await fc.asyncModelRun(setup, sequence);
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});
