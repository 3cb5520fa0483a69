import { Command, Option } from 'commander';
import { OPERATOR_LOG } from '../../audit/index.js';
import { isId, newId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import type { RotationLevel } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { listDestroyedTenantKeys } from '../../store/index.js';
import { openInstallation } from '../../installation/index.js';
import { readKeyStatus, ROTATION_LEVELS, runKeyRotation, startKeyRotation, type KeyRotation, type KeyRotationDeps } from '../../key-rotation/index.js';

/** `sealdesk keys …` acts as the system: whoever runs it holds the data directory and its root key. */
const KEYS_CLI = { kind: 'system', id: 'system', job: 'keys-cli' } as const;

interface KeysOptions {
  dataDir?: string;
  tenant?: string;
  level?: RotationLevel;
}

/** `sealdesk keys rotate|status`: online key rotation, run here with its progress, and where it stands. */
export function keyRotationCommands(): Command[] {
  return [
    withScope(new Command('rotate'))
      .description(
        'Rotate the keys of one tenant, or of every tenant and the installation: new writes use the new versions at once, then old data is re-wrapped and re-encrypted here (resumable: run it again after an interruption). Prints progress, then one JSON line per scope.',
      )
      .addOption(new Option('--level <level>', 'tenant: new tenant key and content key; data: new content key only').choices(ROTATION_LEVELS).default('tenant'))
      .action((options: KeysOptions) =>
        withInstallation(options, async (deps, scopes) => {
          for (const scope of scopes) {
            const request = { requestId: newId('request'), channel: 'cli' } as const;
            const started = await startKeyRotation(deps, KEYS_CLI, request, scope, options.level ?? 'tenant');
            if (started.resumed) process.stderr.write(`${scope}: resuming rotation ${started.rotation.id} (${started.rotation.level}).\n`);
            let shown = 0;
            const rotation = await runKeyRotation(deps, started.rotation.id, {
              onProgress: (progress) => {
                if (Date.now() - shown < 1_000) return;
                shown = Date.now();
                process.stderr.write(`${describe(progress)}\n`);
              },
            });
            if (rotation.status !== 'completed') process.stderr.write(`${scope}: rotation ${rotation.id} is being run by another process (serve?); follow it with \`sealdesk keys status\`.\n`);
            process.stdout.write(`${JSON.stringify(rotation)}\n`);
          }
        }),
      ),
    withScope(new Command('status'))
      .description('Print each scope\'s current key versions and its latest rotations with their progress, one JSON line per scope.')
      .action((options: KeysOptions) =>
        withInstallation(options, async (deps, scopes) => {
          for (const scope of scopes) {
            const status = await readKeyStatus(deps, KEYS_CLI, { requestId: newId('request'), channel: 'cli' }, scope);
            process.stdout.write(`${JSON.stringify(status)}\n`);
          }
        }),
      ),
  ];
}

function withScope(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
    .option('--tenant <id>', 'only this tenant (ten_…), or `operator` for the installation\'s own keys; default: the installation and every tenant');
}

async function withInstallation(options: KeysOptions, run: (deps: KeyRotationDeps, scopes: string[]) => Promise<void>): Promise<void> {
  if (options.tenant !== undefined && options.tenant !== OPERATOR_LOG && !isId('tenant', options.tenant)) {
    throw new SealdeskError('invalid_id', { userMessage: '--tenant must be a ten_ id (or operator).' });
  }
  const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
  const installation = await openInstallation({ ...config, clock: systemClock });
  try {
    const destroyed = new Set(await listDestroyedTenantKeys(installation.store.db));
    const tenants = (await installation.store.db.selectFrom('tenants').select('id').orderBy('id').execute()).filter((row) => !destroyed.has(row.id));
    const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock };
    await run(deps, options.tenant === undefined ? [OPERATOR_LOG, ...tenants.map((row) => row.id)] : [options.tenant]);
  } finally {
    await installation.close();
  }
}

function describe(rotation: KeyRotation): string {
  const { progress } = rotation;
  const where = rotation.phase === 'reseal' ? `pass ${progress.pass}, ${progress.scanned}/${progress.total} values looked at` : rotation.phase;
  return `${rotation.scope}: rotation ${rotation.id} ${where}; ${progress.resealed} re-encrypted, ${progress.rewrapped} keys re-wrapped`;
}
