import { access } from 'node:fs/promises';
import { Command } from 'commander';
import { systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { dataDirPaths, initInstallation, type InitResult } from '../../installation/index.js';

export function initCommand(): Command {
  return new Command('init')
    .description('Create a data directory: root key, database, operator owner and a localhost TLS certificate.')
    .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
    .option('--owner-email <email>', "the operator owner's e-mail", 'owner@localhost')
    .option('--owner-name <name>', "the operator owner's name", 'Operator owner')
    .option('--json', 'print one JSON object instead of text')
    .action(async (options: { dataDir?: string; ownerEmail: string; ownerName: string; json?: boolean }) => {
      const result = await runInit(options.dataDir, options);
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describeInit(result));
    });
}

export async function runInit(dataDir: string | undefined, owner: { ownerEmail: string; ownerName: string }): Promise<InitResult> {
  const config = loadConfig(dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: dataDir });
  return initInstallation({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    rootPassphrase: config.rootPassphrase,
    rootKey: config.rootKey,
    environment: config.environment,
    region: config.region,
    clock: systemClock,
    ownerEmail: owner.ownerEmail,
    ownerName: owner.ownerName,
  });
}

/** `runInit` for a data directory that holds no installation yet (`start`, `seed`); undefined when it has one. */
export async function initialiseIfNew(dataDir: string): Promise<InitResult | undefined> {
  const isNew = await access(dataDirPaths(dataDir).marker).then(
    () => false,
    () => true,
  );
  return isNew ? runInit(dataDir, { ownerEmail: 'owner@localhost', ownerName: 'Operator owner' }) : undefined;
}

export function describeInit(result: InitResult): string {
  return [
    `Initialised a ${result.environment} Sealdesk installation in ${result.dataDir} (${result.database}, region ${result.region}).`,
    `Operator owner: ${result.operatorOwnerId}`,
    '',
    'Bootstrap API key (shown once, store it now):',
    `  ${result.apiKey}`,
    '',
  ].join('\n');
}
