import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { ManualClock, newId } from '../../src/common/index.js';
import { FakeRootKeyProvider } from '../../src/crypto/index.js';
import { assemble } from '../../src/installation/open-installation.js';
import { dataDirPaths, type Installation } from '../../src/installation/index.js';
import type { AnswerRuntime, KbIndexes } from '../../src/assistant/index.js';
import { startKeyRotations, type RunOptions } from '../../src/key-rotation/index.js';
import type { RedactorFactory } from '../../src/privacy/index.js';
import { buildServer } from '../../src/server/index.js';
import { bootstrapOperatorOwner, type Residency } from '../../src/tenancy/index.js';
import type { TestDatabase } from './test-databases.js';

/** A complete installation on a fresh database, its API built but not listening. */
export interface TestInstallation {
  readonly installation: Installation;
  readonly app: FastifyInstance;
  readonly clock: ManualClock;
  readonly operatorKey: string;
  readonly dataDir: string;
  /** Failures of the rotation job, when it runs (`options.keyRotations`). */
  readonly jobErrors: unknown[];
  request(method: 'GET' | 'POST' | 'PUT', url: string, options?: { token?: string; body?: unknown }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestInstallation(
  database: TestDatabase,
  options: {
    redactor?: RedactorFactory;
    answerRuntime?: AnswerRuntime;
    kbIndexes?: (deps: Pick<Installation, 'keyRing'> & { db: Installation['store']['db'] }) => KbIndexes;
    residency?: Residency;
    /** Runs `serve`'s key-rotation job beside the API, with these options. */
    keyRotations?: RunOptions;
    /** The PKCS#11 libraries tenants may adopt customer-managed keys through (`SEALDESK_CUSTOMER_KEY_MODULES`). */
    customerKeyModules?: readonly string[];
  } = {},
): Promise<TestInstallation> {
  const { location, dataDir, drop } = await database.create();
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const installation = await assemble(dataDirPaths(dataDir), new FakeRootKeyProvider(), {
    dataDir,
    databaseUrl: 'databaseUrl' in location ? location.databaseUrl : undefined,
    customerKeyModules: options.customerKeyModules,
    clock,
  });
  const kbIndexes = options.kbIndexes?.({ db: installation.store.db, keyRing: installation.keyRing });
  const jobErrors: unknown[] = [];
  const core = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock };
  const keyRotations = options.keyRotations && startKeyRotations(core, (error) => jobErrors.push(error), 60_000, options.keyRotations);
  const deps = { ...core, customerKeys: installation.customerKeys, redactor: options.redactor, answerRuntime: options.answerRuntime, kbIndexes, residency: options.residency, keyRotationRequested: keyRotations && (() => keyRotations.wake()) };
  const owner = await bootstrapOperatorOwner(deps, { requestId: newId('request'), channel: 'cli' }, { email: 'owner@operator.test', name: 'Owner' });
  const app = buildServer({ deps, logger: pino({ level: process.env.SEALDESK_TEST_LOG ?? 'silent' }) });
  return {
    installation,
    app,
    clock,
    operatorKey: owner.apiKey,
    dataDir,
    jobErrors,
    request: (method, url, options = {}) =>
      app.inject({
        method,
        url,
        headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
        ...(options.body !== undefined && { payload: options.body as object }),
      }),
    async close() {
      await keyRotations?.stop();
      await app.close();
      await installation.close();
      await drop();
    },
  };
}
