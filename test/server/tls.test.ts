import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';

/** Resolves with the negotiated protocol and cipher, or rejects when the handshake fails. */
function handshake(port: number, ca: Buffer, options: ConnectionOptions): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca, ...options }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      resolve(result);
    });
    socket.on('error', reject);
  });
}

describe('HTTPS by default', () => {
  let server: RunningServer;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-tls-'));
    server = await startRunningServer(join(directory, 'data'));
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('negotiates TLS 1.3 with a certificate valid for localhost', async () => {
    const result = await handshake(server.port, server.ca, {});
    expect(result.protocol).toBe('TLSv1.3');
  });

  it('accepts TLS 1.2 only with forward-secret AEAD suites', async () => {
    const ecdhe = await handshake(server.port, server.ca, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    expect(ecdhe).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    for (const weak of ['ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-SHA256']) {
      await expect(handshake(server.port, server.ca, { maxVersion: 'TLSv1.2', ciphers: `${weak}@SECLEVEL=0` })).rejects.toThrow();
    }
  });

  it('refuses TLS 1.1 and 1.0', async () => {
    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      await expect(
        handshake(server.port, server.ca, { minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' }),
      ).rejects.toThrow();
    }
  });

  it('sends HSTS on every response', async () => {
    const response = await server.call('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });

  it('refuses plain HTTP on a non-loopback host', async () => {
    const deps = { db: server.installation.store.db, keyRing: server.installation.keyRing, audit: server.installation.audit, clock: server.installation.clock };
    await expect(startServer(deps, pino({ level: 'silent' }), { host: '0.0.0.0', port: 0, insecureHttp: true })).rejects.toMatchObject({
      code: 'config_invalid',
      userMessage: expect.stringMatching(/loopback/),
    });
    await expect(startServer(deps, pino({ level: 'silent' }), { host: '127.0.0.1', port: 0 })).rejects.toMatchObject({
      code: 'config_invalid',
      userMessage: expect.stringMatching(/TLS certificate/),
    });
  });
});
