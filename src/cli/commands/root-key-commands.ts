import { Command } from 'commander';
import { systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { openInstallation, retireRootKey, rotateRootKey, type Installation, type RootKeyRotationProgress } from '../../installation/index.js';

interface RootKeyOptions {
  dataDir?: string;
  keyLabel?: string;
  keyId?: string;
  ticket?: string;
}

/** `sealdesk keys rotate-root|retire-root`: a new root key version online, and retiring an old one (as the system, audited). */
export function rootKeyCommands(): Command[] {
  return [
    new Command('rotate-root')
      .description(
        "Rotate the root key while serve runs: make a new root key version with the installation's provider, record it in installation.json (new keys are wrapped by it at once), then re-wrap every tenant key version under it (resumable: run it again after an interruption). Prints progress, then one JSON line.",
      )
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .option('--key-label <label>', 'PKCS#11: the label of the new key on the token (default: the first root key\'s label with -2, -3, …)')
      .option('--ticket <ref>', 'the change this is for (recorded in the audit log)')
      .action((options: RootKeyOptions) =>
        withInstallation(options, async (installation, config) => {
          let shown = 0;
          const rotation = await rotateRootKey(installation, {
            ...config,
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
  ];
}

async function withInstallation(options: RootKeyOptions, run: (installation: Installation, config: ReturnType<typeof loadConfig>) => Promise<void>): Promise<void> {
  const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
  const installation = await openInstallation({ ...config, clock: systemClock });
  try {
    await run(installation, config);
  } finally {
    await installation.close();
  }
}

function describe(installation: Installation, progress: RootKeyRotationProgress): string {
  return `root key ${installation.root.keyId}: pass ${progress.pass}, ${progress.scanned} tenant key versions looked at; ${progress.rewrapped} re-wrapped`;
}
