import { Command, InvalidArgumentError, Option } from 'commander';
import { newId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import {
  getRootKeyPolicy,
  openInstallation,
  readRootKeyStatus,
  retireRootKey,
  ROOT_KEY_CLI,
  rotateRootKey,
  setRootKeyPolicy,
  type Installation,
  type RootKeyProviderName,
  type RootKeyRotationProgress,
} from '../../installation/index.js';
import { SealdeskError } from '../../errors/index.js';
import { ROTATION_DAYS } from '../../key-rotation/index.js';

interface RootKeyOptions {
  dataDir?: string;
  keyLabel?: string;
  keyId?: string;
  ticket?: string;
  toProvider?: RootKeyProviderName;
  rotationDays?: number | 'off';
}

/**
 * `sealdesk keys rotate-root|retire-root|root-status|root-policy`: a new root key version online,
 * retiring an old one, what each version wraps, and the rotation period (as the system, audited).
 */
export function rootKeyCommands(): Command[] {
  return [
    new Command('rotate-root')
      .description(
        "Rotate the root key while serve runs: make a new root key version with the newest version's provider (or, with --to-provider, another: the root key moves there), record it in installation.json (new keys are wrapped by it at once), then re-wrap every tenant key version under it (resumable: run it again after an interruption). Prints progress, then one JSON line.",
      )
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .addOption(
        new Option('--to-provider <provider>', 'move the root key: the new version is a key file (SEALDESK_ROOT_PASSPHRASE) or a key on a PKCS#11 token (SEALDESK_PKCS11_*, as for init)').choices(['file', 'pkcs11']),
      )
      .option('--key-label <label>', 'PKCS#11: the label of the new key on the token (default: the earliest token key\'s label with -2, -3, …; moving to a token: $SEALDESK_PKCS11_KEY_LABEL)')
      .option('--ticket <ref>', 'the change this is for (recorded in the audit log)')
      .action((options: RootKeyOptions) =>
        withInstallation(options, async (installation, config) => {
          let shown = 0;
          const rotation = await rotateRootKey(installation, {
            ...config,
            toProvider: options.toProvider,
            keyLabel: options.keyLabel,
            ticket: options.ticket,
            onProgress: (progress) => {
              if (Date.now() - shown < 1_000) return;
              shown = Date.now();
              process.stderr.write(`${describe(installation, progress)}\n`);
            },
          });
          if (rotation.resumed) process.stderr.write(`Finished the re-wrap of an earlier rotation to ${rotation.rootKey}; run rotate-root again for a new version.\n`);
          process.stdout.write(`${JSON.stringify(rotation)}\n`);
        }),
      ),
    new Command('retire-root')
      .description(
        'Retire an older root key version once nothing live is wrapped by it: installation.json marks it retired and it is no longer opened. The key file or token object is kept: backups made before the rotation need it.',
      )
      .requiredOption('--key-id <id>', 'the root key version to retire (root-… or pkcs11-…)')
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .option('--ticket <ref>', 'the change this is for (recorded in the audit log)')
      .action((options: RootKeyOptions) =>
        withInstallation(options, async (installation) => {
          const retired = await retireRootKey(installation, String(options.keyId), { ticket: options.ticket });
          process.stdout.write(`${JSON.stringify(retired)}\n`);
        }),
      ),
    new Command('root-status')
      .description("Print the root key's versions (oldest first, with the tenant key versions each wraps), its rotation policy and the latest rotations asked for through the API or by policy, as one JSON line (as GET /v1/operator/key/root).")
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .action((options: RootKeyOptions) =>
        withInstallation(options, async (installation, config) => {
          const status = await readRootKeyStatus({ installation, settings: config }, ROOT_KEY_CLI, cliRequest());
          process.stdout.write(`${JSON.stringify(status)}\n`);
        }),
      ),
    new Command('root-policy')
      .description(`Print the root key's rotation policy, or set it: serve rotates the root key once its newest version is that many days old (${ROTATION_DAYS.min}–${ROTATION_DAYS.max}, or off).`)
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .option('--rotation-days <days>', `${ROTATION_DAYS.min}–${ROTATION_DAYS.max}, or off`, parseRotationDays)
      .option('--ticket <ref>', 'the change this is for (needed to set it; recorded in the audit log)')
      .action((options: RootKeyOptions) =>
        withInstallation(options, async (installation, config) => {
          const deps = { installation, settings: config };
          if (options.rotationDays === undefined) {
            process.stdout.write(`${JSON.stringify(await getRootKeyPolicy(deps, ROOT_KEY_CLI, cliRequest()))}\n`);
            return;
          }
          if (options.ticket === undefined) throw new SealdeskError('invalid_request', { userMessage: '--ticket is needed to set the rotation policy.' });
          const policy = await setRootKeyPolicy(deps, ROOT_KEY_CLI, cliRequest(), { rotationDays: options.rotationDays === 'off' ? null : options.rotationDays, ticket: options.ticket });
          process.stdout.write(`${JSON.stringify(policy)}\n`);
        }),
      ),
  ];
}

function cliRequest() {
  return { requestId: newId('request'), channel: 'cli' } as const;
}

/** A number of days, or `off` (commander keeps no null). */
function parseRotationDays(value: string): number | 'off' {
  if (value === 'off') return 'off';
  const days = Number(value);
  if (!/^[0-9]+$/.test(value) || days < ROTATION_DAYS.min || days > ROTATION_DAYS.max) {
    throw new InvalidArgumentError(`must be a whole number of days from ${ROTATION_DAYS.min} to ${ROTATION_DAYS.max}, or off`);
  }
  return days;
}

async function withInstallation(options: RootKeyOptions, run: (installation: Installation, config: ReturnType<typeof loadConfig>) => Promise<void>): Promise<void> {
  const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
  const installation = await openInstallation({ ...config, movingRootKeyTo: options.toProvider, clock: systemClock });
  try {
    await run(installation, config);
  } finally {
    await installation.close();
  }
}

function describe(installation: Installation, progress: RootKeyRotationProgress): string {
  return `root key ${installation.root.keyId}: pass ${progress.pass}, ${progress.scanned} tenant key versions looked at; ${progress.rewrapped} re-wrapped`;
}
