import { access, readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { createAnswerRuntime, KbIndexes, LocalModel, type AnswerRuntime } from '../../assistant/index.js';
import { breakGlassAlerts, createSmtpMailer, createWebhookSender, startAlertDelivery } from '../../alerts/index.js';
import { startBreakGlassEscalation } from '../../access/index.js';
import { startAuditRetention } from '../../audit/index.js';
import { startKeyRotations } from '../../key-rotation/index.js';
import { startMonitors } from '../../monitors/index.js';
import { systemClock } from '../../common/index.js';
import { loadConfig, type Config } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { dataDirPaths, openInstallation, startRootKeyRotations } from '../../installation/index.js';
import { createDetectorRedactorFactory, startRetentionPurge } from '../../privacy/index.js';
import { createLogger, startServer } from '../../server/index.js';
import { describeInit, initialiseIfNew } from './init-command.js';

interface ServeOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
}

function withServeOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
    .option('--port <n>', 'port (default: $SEALDESK_PORT or 8443)', parsePort)
    .option('--host <host>', 'interface to listen on (default: $SEALDESK_HOST or localhost)')
    .option('--tls-cert <file>', 'PEM certificate (default: the data directory\'s self-signed one)')
    .option('--tls-key <file>', 'PEM private key')
    .option('--insecure-http', 'plain HTTP; refused unless the host is loopback');
}

export function serveCommand(): Command {
  return withServeOptions(new Command('serve').description('Serve the HTTPS API of an initialised data directory.')).action(
    (options: ServeOptions) => serve(options),
  );
}

export function startCommand(): Command {
  return withServeOptions(
    new Command('start').description('Initialise the data directory on first run, then serve (what `npm start` runs).'),
  ).action(async (options: ServeOptions) => {
    const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
    const initialised = await initialiseIfNew(config.dataDir);
    if (initialised) process.stdout.write(describeInit(initialised));
    await serve({ ...options, dataDir: config.dataDir });
  });
}

async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
  const paths = dataDirPaths(config.dataDir);
  const installation = await openInstallation({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    rootPassphrase: config.rootPassphrase,
    rootKey: config.rootKey,
    environment: config.environment,
    region: config.region,
    customerKeyModules: config.customerKeyModules,
    clock: systemClock,
  });
  const logger = createLogger({ level: config.logLevel, file: paths.log });
  const host = options.host ?? config.host;
  const port = options.port ?? config.port;
  const redactor = createDetectorRedactorFactory();
  const localModel = config.localModel && new LocalModel(config.localModel);
  const answerRuntime = await answerRuntimeFor(config, localModel).catch(async (error: unknown) => {
    await installation.close();
    throw error;
  });
  const kbIndexes = new KbIndexes({ db: installation.store.db, keyRing: installation.keyRing });
  // A BYOK import wakes the rotation job, and a root key rotation the root key job; both start after the server.
  let wakeRotations = (): void => undefined;
  let wakeRootKeyRotations = (): void => undefined;
  const rootKeys = { installation, settings: { rootKey: config.rootKey, rootPassphrase: config.rootPassphrase } };
  const app = await startServer(
    {
      db: installation.store.db,
      keyRing: installation.keyRing,
      customerKeys: installation.customerKeys,
      audit: installation.audit,
      clock: systemClock,
      redactor,
      answerRuntime,
      kbIndexes,
      residency: { region: config.region, regions: config.regions },
      keyRotationRequested: () => wakeRotations(),
      rootKeys: { ...rootKeys, rotationRequested: () => wakeRootKeyRotations() },
    },
    logger,
    {
      host,
      port,
      insecureHttp: options.insecureHttp,
      tlsCertPath: options.tlsCert ?? paths.tlsCert,
      tlsKeyPath: options.tlsKey ?? paths.tlsKey,
    },
  ).catch(async (error: unknown) => {
    await installation.close();
    throw error;
  });
  /** A background job's failure, logged by type and code only: never its message or properties. */
  const jobFailed = (job: string) => (error: unknown) =>
    logger.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, `${job} failed`);
  const retention = startAuditRetention({ db: installation.store.db, audit: installation.audit, clock: systemClock }, jobFailed('audit retention'));
  const purge = startRetentionPurge(
    { db: installation.store.db, audit: installation.audit, clock: systemClock, kbChanged: (tenantId) => kbIndexes.invalidate(tenantId) },
    jobFailed('retention purge'),
  );
  const alertDelivery = startAlertDelivery(
    {
      db: installation.store.db,
      dialect: installation.store.dialect,
      keyRing: installation.keyRing,
      clock: systemClock,
      webhooks: createWebhookSender(),
      mailer: config.smtp && createSmtpMailer(config.smtp),
    },
    { logger },
  );
  const monitors = startMonitors({ db: installation.store.db, audit: installation.audit, clock: systemClock }, jobFailed('audit monitors'));
  const escalation = startBreakGlassEscalation(
    {
      db: installation.store.db,
      audit: installation.audit,
      clock: systemClock,
      breakGlassNotifier: breakGlassAlerts({ db: installation.store.db, clock: systemClock }),
      redactor,
    },
    jobFailed('break-glass escalation'),
  );
  const rotations = startKeyRotations(
    { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock },
    jobFailed('key rotation'),
  );
  wakeRotations = () => rotations.wake();
  const rootKeyRotations = startRootKeyRotations(rootKeys, jobFailed('root key rotation'));
  wakeRootKeyRotations = () => rootKeyRotations.wake();
  const scheme = options.insecureHttp ? 'http' : 'https';
  process.stdout.write(`Sealdesk is serving ${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/v1 (data: ${config.dataDir})\n`);
  const shutdown = async () => {
    await retention.stop();
    await purge.stop();
    await monitors.stop();
    await escalation.stop();
    await rotations.stop();
    await rootKeyRotations.stop();
    await app.close();
    await alertDelivery.stop();
    await localModel?.close();
    await installation.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** The model providers' trust roots and the operator's local model (loaded on first use). */
async function answerRuntimeFor(config: Config, localModel: LocalModel | undefined): Promise<AnswerRuntime> {
  let extraCa: string | undefined;
  if (config.providerCaFile !== undefined) {
    extraCa = await readFile(config.providerCaFile, 'utf8').catch(() => {
      throw new SealdeskError('config_invalid', { userMessage: `Cannot read SEALDESK_PROVIDER_CA_FILE ${config.providerCaFile}.` });
    });
    if (!extraCa.includes('-----BEGIN CERTIFICATE-----')) {
      throw new SealdeskError('config_invalid', { userMessage: `SEALDESK_PROVIDER_CA_FILE ${config.providerCaFile} holds no PEM certificate.` });
    }
  }
  return createAnswerRuntime({
    policy: { extraCa },
    localModel: localModel && config.localModel && { model: localModel, modelPath: config.localModel.modelPath },
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be a port number 0–65535');
  return port;
}

