import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog, readCursorFile, SyslogTlsSink, writeCursorFile } from '../../src/audit/export/index.js';
import { newId } from '../../src/common/index.js';
import { createSelfSignedCertificate } from '../../src/server/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { SyslogReceiver } from './export-syslog-support.js';

const databases = await testDatabases();
const CANARY = 'canary-91c2 the door code is 5530';

describe.each(databases)('exporting to a syslog receiver over TLS on $dialect', (database) => {
  let sd: TestInstallation;
  let tenantId: string;
  let size: number;
  let directory: string;
  let tls: { certPem: string; keyPem: string };
  const syslog = { hostname: 'desk.example', appName: 'sealdesk' };

  /** Exports as the CLI does: from the cursor file, saving it after each acknowledged batch. */
  async function exportOnce(sink: SyslogTlsSink, cursorFile: string, batchSize = 20): Promise<number> {
    return exportAuditLog({
      audit: sd.installation.audit,
      logId: tenantId,
      cursor: await readCursorFile(cursorFile, tenantId),
      sink,
      batchSize,
      saveCursor: (cursor) => writeCursorFile(cursorFile, tenantId, cursor),
    });
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-export-'));
    tls = await createSelfSignedCertificate(new Date());
    sd = await createTestInstallation(database);
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    const owner = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: sd.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json().apiKey;
    const conversation = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: owner,
        body: { contact: { email: 'canary-contact@example.test', name: 'Canary Person' }, message: { body: CANARY } },
      })
    ).json().id;
    await sd.request('GET', `/v1/conversations/${conversation}`, { token: owner });
    for (let i = 0; i < 100; i++) {
      await sd.installation.audit.append(tenantId, {
        v: 1,
        time: new Date(Date.UTC(2026, 2, 1, 9, 0, i)).toISOString(),
        actor: { id: 'mem_agent', kind: 'member', role: 'agent', team: null, tenant: tenantId },
        action: 'content.read',
        resource: { tenant: tenantId, conversation },
        channel: 'api',
        reason: { rule: i % 4 === 0 ? 'agent-not-assigned' : 'assigned-agent', grant: null, ticket: null },
        outcome: i % 4 === 0 ? 'denied' : 'allowed',
        requestId: newId('request'),
      });
    }
    size = await sd.installation.audit.size(tenantId);
  });

  afterAll(async () => {
    await sd?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('delivers the whole log as RFC 5424 messages, in order, with ids only', async () => {
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem });
    const port = await receiver.start();
    try {
      const cursorFile = join(directory, 'whole.cursor');
      const sink = new SyslogTlsSink({ url: `tls://localhost:${port}`, ca: tls.certPem, syslog });
      expect(await exportOnce(sink, cursorFile)).toBe(size);
      expect(await readCursorFile(cursorFile, tenantId)).toBe(size);
      expect(receiver.received()).toEqual([...Array(size).keys()]);
      expect(receiver.connections.length).toBe(Math.ceil(size / 20));

      const denied = receiver.messages.filter((message) => message.pri === 13 * 8 + 4);
      expect(denied.length).toBe(25);
      for (const message of receiver.messages) {
        expect(message).toMatchObject({ version: 1, hostname: 'desk.example', appName: 'sealdesk' });
        expect(Object.fromEntries(message.data[0]!.params)).toMatchObject({ tenant: tenantId });
      }
      const everything = Buffer.concat(receiver.raw).toString('utf8');
      expect(everything).toContain(tenantId);
      expect(everything).not.toContain('canary');
      expect(everything).not.toContain('5530');
      expect(everything).not.toContain('Canary Person');
    } finally {
      await receiver.stop();
    }
  });

  it('resumes from the cursor after the receiver resets the connection mid-batch: nothing skipped, order kept', async () => {
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem });
    const port = await receiver.start();
    try {
      const cursorFile = join(directory, 'reset.cursor');
      const sink = new SyslogTlsSink({ url: `tls://localhost:${port}`, ca: tls.certPem, syslog });
      receiver.resetAfter(45);
      await expect(exportOnce(sink, cursorFile)).rejects.toMatchObject({ code: 'export_unacknowledged' });
      expect(await readCursorFile(cursorFile, tenantId)).toBe(40);
      expect(receiver.received()).toEqual([...Array(45).keys()]);

      expect(await exportOnce(sink, cursorFile)).toBe(size);
      const received = receiver.received();
      expect(new Set(received)).toEqual(new Set(Array.from({ length: size }, (_, i) => i)));
      // The batch in flight when the connection broke (40–59) comes again, whole; nothing else does.
      expect(received).toEqual([...[...Array(45).keys()], ...Array.from({ length: size - 40 }, (_, i) => 40 + i)]);
      for (const connection of receiver.connections) {
        expect(connection).toEqual(Array.from({ length: connection.length }, (_, i) => connection[0]! + i));
      }
    } finally {
      await receiver.stop();
    }
  });

  it('verifies the receiver\'s certificate: unknown and wrong CAs are refused and the cursor stays', async () => {
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem });
    const port = await receiver.start();
    const stranger = await createSelfSignedCertificate(new Date());
    try {
      const cursorFile = join(directory, 'untrusted.cursor');
      for (const ca of [undefined, stranger.certPem]) {
        const sink = new SyslogTlsSink({ url: `tls://localhost:${port}`, ca, syslog });
        await expect(exportOnce(sink, cursorFile)).rejects.toMatchObject({
          code: 'export_unacknowledged',
          userMessage: expect.stringMatching(/certificate/),
        });
      }
      expect(await readCursorFile(cursorFile, tenantId)).toBe(0);
      expect(receiver.received()).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('refuses a receiver that offers only TLS 1.1', async () => {
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const port = await receiver.start();
    try {
      const sink = new SyslogTlsSink({ url: `tls://localhost:${port}`, ca: tls.certPem, syslog });
      await expect(exportOnce(sink, join(directory, 'old-tls.cursor'))).rejects.toMatchObject({ code: 'export_unacknowledged' });
      expect(receiver.received()).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('does not count a batch as delivered until the receiver answers the close', async () => {
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem, answerClose: false });
    const port = await receiver.start();
    try {
      const cursorFile = join(directory, 'silent.cursor');
      const sink = new SyslogTlsSink({ url: `tls://localhost:${port}`, ca: tls.certPem, syslog, timeoutMs: 300 });
      await expect(exportOnce(sink, cursorFile)).rejects.toMatchObject({ code: 'export_unacknowledged', userMessage: expect.stringMatching(/did not close/) });
      expect(receiver.received()).toEqual([...Array(20).keys()]);
      expect(await readCursorFile(cursorFile, tenantId)).toBe(0);
    } finally {
      await receiver.stop();
    }
  });
});
