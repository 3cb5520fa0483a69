import { resolve } from 'node:path';
import { z } from 'zod';
import { SealdeskError } from '../errors/index.js';
import { DEFAULT_REGION, REGION_PATTERN } from '../tenancy/residency.js';

/** The root key's settings; see docs/keys.md. */
const rootKeyVariables = z.object({
  SEALDESK_ROOT_KEY_PROVIDER: z.enum(['file', 'pkcs11']).optional(),
  SEALDESK_PKCS11_MODULE: z.string().min(1).optional(),
  SEALDESK_PKCS11_TOKEN_LABEL: z.string().min(1).refine((label) => Buffer.byteLength(label) <= 32, 'must be at most 32 bytes').optional(),
  SEALDESK_PKCS11_SLOT: z.coerce.number().int().min(0).optional(),
  SEALDESK_PKCS11_PIN: z.string().min(1, 'must not be empty').optional(),
  SEALDESK_PKCS11_KEY_LABEL: z.string().min(1).max(128).optional(),
});

/** The in-process local model's settings; see docs/assistant.md ("Local model"). */
const localModelVariables = z.object({
  SEALDESK_LOCAL_MODEL_PATH: z.string().min(1).optional(),
  SEALDESK_LOCAL_MODEL_CONTEXT_SIZE: z.coerce.number().int().min(256).max(131_072).optional(),
  SEALDESK_LOCAL_MODEL_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  SEALDESK_LOCAL_MODEL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).optional(),
});

/** Settings read from the environment; command-line flags override them. */
const environmentSchema = z.object({
  SEALDESK_DATA_DIR: z.string().min(1).default('.sealdesk'),
  SEALDESK_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SEALDESK_ROOT_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
  SEALDESK_HOST: z.string().min(1).default('localhost'),
  SEALDESK_PORT: z.coerce.number().int().min(0).max(65_535).default(8443),
  SEALDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEALDESK_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be smtp://[user:password@]host[:port] or smtps://…' }).optional(),
  SEALDESK_SMTP_FROM: z.email().optional(),
  SEALDESK_PROVIDER_CA_FILE: z.string().min(1).optional(),
  SEALDESK_ENVIRONMENT: z.enum(['development', 'production']).default('production'),
  SEALDESK_REGION: z.string().regex(REGION_PATTERN, 'must be lowercase letters, digits and dashes, starting with a letter (at most 32)').default(DEFAULT_REGION),
  SEALDESK_REGION_DATABASES: z.string().min(1).optional(),
  SEALDESK_CUSTOMER_KEY_MODULES: z.string().optional(),
  ...rootKeyVariables.shape,
  ...localModelVariables.shape,
});

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly rootPassphrase: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /** `SEALDESK_ENVIRONMENT`: `production` (default) or `development`; a data directory of the other kind is refused. */
  readonly environment: 'development' | 'production';
  /** `SEALDESK_REGION`: the region this node serves (default `default`); see docs/privacy.md ("Residency"). */
  readonly region: string;
  /** Every region of the deployment: this node's and those named in `SEALDESK_REGION_DATABASES`. */
  readonly regions: readonly string[];
  /** Where alert e-mail goes out; absent when SMTP is not configured. */
  readonly smtp: SmtpConfig | undefined;
  /** Where the root key lives. */
  readonly rootKey: RootKeyConfig;
  /**
   * `SEALDESK_CUSTOMER_KEY_MODULES`: comma-separated absolute paths of the PKCS#11 libraries
   * tenants may reach their own keys through (customer-managed keys); none by default.
   */
  readonly customerKeyModules: readonly string[];
  /** The operator's GGUF model for in-process generation; absent unless `SEALDESK_LOCAL_MODEL_PATH` is set. */
  readonly localModel: LocalModelConfig | undefined;
  /** `SEALDESK_PROVIDER_CA_FILE`: extra PEM CA certificates trusted for model providers (an internal vLLM's CA), resolved. */
  readonly providerCaFile: string | undefined;
}

/** From `SEALDESK_LOCAL_MODEL_*`; unset numbers take the local model's defaults. */
export interface LocalModelConfig {
  /** `SEALDESK_LOCAL_MODEL_PATH`, resolved to an absolute path. */
  readonly modelPath: string;
  readonly contextSize: number | undefined;
  readonly threads: number | undefined;
  readonly timeoutMs: number | undefined;
}

/**
 * `SEALDESK_ROOT_KEY_PROVIDER` (`file`, the default for a new installation, or `pkcs11`) and the
 * `SEALDESK_PKCS11_*` settings. Unset values fall back to what the installation recorded.
 */
export interface RootKeyConfig {
  /** Unset: what the installation recorded (a new installation: the local key file). */
  readonly provider: 'file' | 'pkcs11' | undefined;
  readonly pkcs11: {
    /** `SEALDESK_PKCS11_MODULE`: the PKCS#11 library's path. */
    readonly module: string | undefined;
    /** `SEALDESK_PKCS11_TOKEN_LABEL` or `SEALDESK_PKCS11_SLOT`. */
    readonly token: { readonly label: string } | { readonly slot: number } | undefined;
    /** `SEALDESK_PKCS11_PIN`: the token's user PIN. Never logged. */
    readonly pin: string | undefined;
    /** `SEALDESK_PKCS11_KEY_LABEL`: the root key's label on the token. */
    readonly keyLabel: string | undefined;
  };
}

/** From `SEALDESK_SMTP_URL` (`smtp://` uses STARTTLS, default port 587; `smtps://` TLS, 465) and `SEALDESK_SMTP_FROM`. */
export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly from: string;
}

/** Validates the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) throw invalidVariable(parsed.error.issues[0]);
  const env = parsed.data;
  const regionDatabases = regionDatabasesConfig(env.SEALDESK_REGION_DATABASES);
  return {
    dataDir: resolve(env.SEALDESK_DATA_DIR),
    databaseUrl: regionDatabaseUrl(env.SEALDESK_REGION, regionDatabases, env.SEALDESK_DATABASE_URL),
    rootPassphrase: env.SEALDESK_ROOT_PASSPHRASE,
    host: env.SEALDESK_HOST,
    port: env.SEALDESK_PORT,
    logLevel: env.SEALDESK_LOG_LEVEL,
    environment: env.SEALDESK_ENVIRONMENT,
    region: env.SEALDESK_REGION,
    regions: [...new Set([env.SEALDESK_REGION, ...Object.keys(regionDatabases ?? {})])],
    smtp: smtpConfig(env.SEALDESK_SMTP_URL, env.SEALDESK_SMTP_FROM),
    rootKey: rootKeyConfig(env),
    customerKeyModules: customerKeyModulesConfig(env.SEALDESK_CUSTOMER_KEY_MODULES),
    localModel: localModelConfig(env),
    providerCaFile: env.SEALDESK_PROVIDER_CA_FILE && resolve(env.SEALDESK_PROVIDER_CA_FILE),
  };
}

/** `SEALDESK_CUSTOMER_KEY_MODULES`: comma-separated absolute paths; blank or unset is none. */
function customerKeyModulesConfig(value: string | undefined): readonly string[] {
  const paths = (value ?? '').split(',').map((path) => path.trim()).filter((path) => path !== '');
  const relative = paths.find((path) => !path.startsWith('/'));
  if (relative !== undefined) {
    throw new SealdeskError('config_invalid', { userMessage: `SEALDESK_CUSTOMER_KEY_MODULES must list absolute paths of PKCS#11 libraries; ${relative} is not one.` });
  }
  return [...new Set(paths)];
}

const regionDatabasesSchema = z.record(
  z.string().regex(REGION_PATTERN),
  z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
);

/** `SEALDESK_REGION_DATABASES`: a JSON object from region to that region's PostgreSQL URL. */
function regionDatabasesConfig(value: string | undefined): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new SealdeskError('config_invalid', { userMessage: 'SEALDESK_REGION_DATABASES must be a JSON object: {"eu": "postgres://…", "us": "postgres://…"}.' });
  }
  const parsed = regionDatabasesSchema.safeParse(json);
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    throw new SealdeskError('config_invalid', {
      userMessage: 'SEALDESK_REGION_DATABASES must map at least one region (lowercase letters, digits, dashes) to a postgres:// URL.',
    });
  }
  return parsed.data;
}

/** The node's database: its region's entry in the map, else `SEALDESK_DATABASE_URL` (else SQLite). */
function regionDatabaseUrl(region: string, databases: Readonly<Record<string, string>> | undefined, databaseUrl: string | undefined): string | undefined {
  if (databases === undefined) return databaseUrl;
  const own = databases[region];
  if (own === undefined) {
    throw new SealdeskError('config_invalid', { userMessage: `SEALDESK_REGION_DATABASES has no database for this node's region ${region} (SEALDESK_REGION).` });
  }
  if (databaseUrl !== undefined && databaseUrl !== own) {
    throw new SealdeskError('config_invalid', { userMessage: `SEALDESK_DATABASE_URL differs from region ${region}'s database in SEALDESK_REGION_DATABASES; set one of them.` });
  }
  return own;
}

function localModelConfig(env: z.infer<typeof localModelVariables>): LocalModelConfig | undefined {
  const path = env.SEALDESK_LOCAL_MODEL_PATH;
  if (path === undefined) {
    const tuning = [env.SEALDESK_LOCAL_MODEL_CONTEXT_SIZE, env.SEALDESK_LOCAL_MODEL_THREADS, env.SEALDESK_LOCAL_MODEL_TIMEOUT_MS];
    if (tuning.some((value) => value !== undefined)) {
      throw new SealdeskError('config_invalid', { userMessage: 'SEALDESK_LOCAL_MODEL_* settings are set but SEALDESK_LOCAL_MODEL_PATH is not.' });
    }
    return undefined;
  }
  return {
    modelPath: resolve(path),
    contextSize: env.SEALDESK_LOCAL_MODEL_CONTEXT_SIZE,
    threads: env.SEALDESK_LOCAL_MODEL_THREADS,
    timeoutMs: env.SEALDESK_LOCAL_MODEL_TIMEOUT_MS,
  };
}

function rootKeyConfig(env: z.infer<typeof rootKeyVariables>): RootKeyConfig {
  const { SEALDESK_PKCS11_TOKEN_LABEL: label, SEALDESK_PKCS11_SLOT: slot } = env;
  if (label !== undefined && slot !== undefined) {
    throw new SealdeskError('config_invalid', { userMessage: 'Set SEALDESK_PKCS11_TOKEN_LABEL or SEALDESK_PKCS11_SLOT, not both.' });
  }
  const pkcs11 = {
    module: env.SEALDESK_PKCS11_MODULE,
    token: label !== undefined ? { label } : slot !== undefined ? { slot } : undefined,
    pin: env.SEALDESK_PKCS11_PIN,
    keyLabel: env.SEALDESK_PKCS11_KEY_LABEL,
  };
  if (env.SEALDESK_ROOT_KEY_PROVIDER === 'file' && Object.values(pkcs11).some((value) => value !== undefined)) {
    throw new SealdeskError('config_invalid', {
      userMessage: 'SEALDESK_PKCS11_* settings are set but SEALDESK_ROOT_KEY_PROVIDER is file; unset one or the other.',
    });
  }
  return { provider: env.SEALDESK_ROOT_KEY_PROVIDER, pkcs11 };
}

function invalidVariable(issue: z.core.$ZodIssue | undefined): SealdeskError {
  return new SealdeskError('config_invalid', {
    userMessage: `Invalid ${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'malformed'}.`,
  });
}

function smtpConfig(smtpUrl: string | undefined, from: string | undefined): SmtpConfig | undefined {
  if (smtpUrl === undefined && from === undefined) return undefined;
  if (smtpUrl === undefined || from === undefined) {
    throw new SealdeskError('config_invalid', { userMessage: 'Set SEALDESK_SMTP_URL and SEALDESK_SMTP_FROM together.' });
  }
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    user: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    from,
  };
}
