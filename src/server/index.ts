export { buildServer, DEFAULT_BODY_LIMIT, type ServerDeps, type ServerOptions } from './build-server.js';
export { createSelfSignedCertificate, serverTlsOptions, CIPHER_SUITES } from './tls/index.js';
export { startServer, type ListenOptions } from './start-server.js';
export { createLogger, REDACTED_PATHS } from './create-logger.js';
