import { Command, InvalidArgumentError } from 'commander';
import { createAnswerRuntime, KbIndexes } from '../../assistant/index.js';
import { systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { createDetectorRedactorFactory } from '../../privacy/index.js';
import { seedSyntheticData, type SeedReport } from '../../synthetic/index.js';
import { describeInit, initialiseIfNew } from './init-command.js';

interface SeedOptions {
  synthetic?: boolean;
  dataDir?: string;
  tenants: number;
  conversations: number;
  seed: number;
  json?: boolean;
}

/** `sealdesk seed --synthetic`: fake tenants, staff, knowledge bases and conversations in a development installation. */
export function seedCommand(): Command {
  return new Command('seed')
    .description('Fill a development installation with synthetic tenants, staff, knowledge-base articles and conversations (initialising it if new).')
    .option('--synthetic', 'required: the data is made up (the only kind the seed makes)')
    .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
    .option('--tenants <n>', 'how many tenants', count(1, 20), 2)
    .option('--conversations <n>', 'conversations per tenant', count(0, 1000), 12)
    .option('--seed <n>', 'random seed: the same seed makes the same data', count(0, 2 ** 31 - 1), 1)
    .option('--json', 'print the report as one JSON object')
    .action(async (options: SeedOptions) => {
      if (!options.synthetic) throw new SealdeskError('invalid_request', { userMessage: 'The seed makes synthetic data only: pass --synthetic.' });
      const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
      if (config.environment !== 'development') {
        throw new SealdeskError('environment_mismatch', { userMessage: 'Synthetic data goes only into a development installation: set SEALDESK_ENVIRONMENT=development.' });
      }
      const initialised = await initialiseIfNew(config.dataDir);
      if (initialised) process.stderr.write(describeInit(initialised));
      const installation = await openInstallation({ ...config, clock: systemClock });
      try {
        const db = installation.store.db;
        const deps = {
          db,
          keyRing: installation.keyRing,
          audit: installation.audit,
          clock: systemClock,
          redactor: createDetectorRedactorFactory(),
          indexes: new KbIndexes({ db, keyRing: installation.keyRing }),
          answerRuntime: createAnswerRuntime(),
          logger: { error: (fields: Record<string, unknown>, message: string) => process.stderr.write(`${JSON.stringify({ ...fields, msg: message })}\n`) },
          residency: { region: config.region, regions: config.regions },
        };
        const report = await seedSyntheticData(deps, installation.environment, { seed: options.seed, tenants: options.tenants, conversationsPerTenant: options.conversations });
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describeSeed(report));
      } finally {
        await installation.close();
      }
    });
}

function count(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return parsed;
  };
}

function describeSeed(report: SeedReport): string {
  const lines = ['Synthetic data (made up; API keys shown once):', ''];
  for (const tenant of report.tenants) {
    const statuses = Object.entries(tenant.conversations).map(([status, n]) => `${n} ${status}`);
    lines.push(`${tenant.name} (${tenant.id}): ${tenant.articles} articles; conversations: ${statuses.join(', ') || 'none'}`);
    for (const member of tenant.members) lines.push(`  ${member.role.padEnd(8)} ${member.email}  ${member.apiKey}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
