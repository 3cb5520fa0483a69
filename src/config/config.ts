import { resolve } from 'node:path';
import { z } from 'zod';
import { SealdeskError } from '../errors/index.js';

/** Settings read from the environment; command-line flags override them. */
const environmentSchema = z.object({
  SEALDESK_DATA_DIR: z.string().min(1).default('.sealdesk'),
  SEALDESK_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SEALDESK_ROOT_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
  SEALDESK_HOST: z.string().min(1).default('localhost'),
  SEALDESK_PORT: z.coerce.number().int().min(0).max(65_535).default(8443),
  SEALDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly rootPassphrase: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
}

/** Validates the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SealdeskError('config_invalid', {
      userMessage: `Invalid ${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'malformed'}.`,
    });
  }
  const env = parsed.data;
  return {
    dataDir: resolve(env.SEALDESK_DATA_DIR),
    databaseUrl: env.SEALDESK_DATABASE_URL,
    rootPassphrase: env.SEALDESK_ROOT_PASSPHRASE,
    host: env.SEALDESK_HOST,
    port: env.SEALDESK_PORT,
    logLevel: env.SEALDESK_LOG_LEVEL,
  };
}
