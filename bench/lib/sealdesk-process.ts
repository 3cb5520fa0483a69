import { execFile, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcesses } from './child-processes.js';
import { expectJson, type HttpsTarget } from './https-json.js';

const run = promisify(execFile);

/** The environment for Sealdesk's processes: SQLite in the data directory, whatever the caller's shell says. */
function sealdeskEnvironment(logLevel: string): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SEALDESK_')));
  return { ...environment, SEALDESK_LOG_LEVEL: logLevel };
}

/** `sealdesk init --json` in a fresh data directory; returns the operator owner's key. */
export async function initSealdesk(repositoryRoot: string, dataDir: string): Promise<{ apiKey: string }> {
  const { stdout } = await run(process.execPath, [join(repositoryRoot, 'bin/sealdesk.js'), 'init', '--data-dir', dataDir, '--json'], {
    cwd: repositoryRoot,
    env: sealdeskEnvironment('warn'),
    timeout: 60_000,
  });
  const result = JSON.parse(stdout) as { apiKey?: unknown; database?: unknown };
  if (typeof result.apiKey !== 'string') throw new Error('sealdesk init --json printed no apiKey');
  if (result.database !== 'sqlite') throw new Error(`sealdesk init chose ${String(result.database)}, expected sqlite`);
  return { apiKey: result.apiKey };
}

export interface SealdeskServeOptions {
  readonly repositoryRoot: string;
  readonly dataDir: string;
  readonly port: number;
  readonly logLevel: string;
  readonly tlsCert: string;
  readonly tlsKey: string;
  /** Standard output and error of the server go here. */
  readonly outputFile: string;
  /** When set, the server runs with `--cpu-prof` and writes its profile here on a clean exit. */
  readonly cpuProfileDir?: string | undefined;
}

/** `sealdesk serve` on 127.0.0.1 in a child process. */
export function startSealdesk(children: ChildProcesses, options: SealdeskServeOptions): ChildProcess {
  const output = openSync(options.outputFile, 'a');
  try {
    const profiling = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir];
    return children.spawn(
      process.execPath,
      [
        ...profiling,
        join(options.repositoryRoot, 'bin/sealdesk.js'),
        'serve',
        '--data-dir',
        options.dataDir,
        '--host',
        '127.0.0.1',
        '--port',
        String(options.port),
        '--tls-cert',
        options.tlsCert,
        '--tls-key',
        options.tlsKey,
      ],
      { cwd: options.repositoryRoot, env: sealdeskEnvironment(options.logLevel), stdio: ['ignore', output, output] },
    );
  } finally {
    closeSync(output);
  }
}

export interface IngestFixture {
  readonly ownerKey: string;
  readonly tenantId: string;
  readonly conversationIds: readonly string[];
}

/**
 * One tenant, its owner (whose key the load uses) and `conversations` conversations, each opened
 * with a first message, so writes spread over many conversation rows.
 */
export async function seedIngestFixture(
  target: HttpsTarget,
  operatorKey: string,
  conversations: number,
  firstMessage: string,
): Promise<IngestFixture> {
  const tenant = await expectJson<{ id: string }>(target, 'POST', '/v1/tenants', 201, { apiKey: operatorKey, body: { name: 'Bench Tenant' } });
  const owner = await expectJson<{ id: string; apiKey: string }>(target, 'POST', `/v1/tenants/${tenant.id}/members`, 201, {
    apiKey: operatorKey,
    body: { email: 'owner@bench.example', name: 'Bench Owner', role: 'owner' },
  });
  const conversationIds: string[] = [];
  for (let index = 0; index < conversations; index++) {
    const conversation = await expectJson<{ id: string }>(target, 'POST', `/v1/tenants/${tenant.id}/conversations`, 201, {
      apiKey: owner.apiKey,
      body: { contact: { email: `customer-${index}@bench.example`, name: `Customer ${index}` }, message: { body: firstMessage } },
    });
    conversationIds.push(conversation.id);
  }
  return { ownerKey: owner.apiKey, tenantId: tenant.id, conversationIds };
}
