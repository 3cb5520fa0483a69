/** What the load generator is asked to do; sent to its process over IPC. */
export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  /** PEM of the certificate to trust; verification stays on (`rejectUnauthorized: true`). */
  readonly ca: string;
  /** Name to check the certificate against; an IP address is checked against the IP SANs. */
  readonly checkHost: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Per request: no response within this many seconds counts as a timeout and reconnects. */
  readonly timeoutSeconds: number;
  /** Requests are sent round-robin across connections in this order, then from the start again. */
  readonly requests: readonly LoadRequest[];
}

export interface LoadRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LatencySummary {
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly stddev: number;
}

/** Everything counts only responses completed inside the measured window (after the warm-up). */
export interface LoadResult {
  readonly connections: number;
  readonly warmupSeconds: number;
  /** Measured window, as actually timed. */
  readonly windowSeconds: number;
  readonly completed: number;
  readonly requestsPerSecond: number;
  /** Completed responses in each whole second of the window. */
  readonly perSecond: readonly number[];
  readonly latencyMs: LatencySummary;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly non2xx: number;
  readonly errors: { readonly connection: number; readonly timeout: number; readonly protocol: number };
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Negotiated on every connection; `verified` counts connections whose certificate chain was checked. */
  readonly tls: { readonly protocols: readonly string[]; readonly ciphers: readonly string[]; readonly verified: number; readonly handshakes: number };
}

export type LoadGeneratorMessage =
  | { readonly type: 'window-start' }
  | { readonly type: 'window-end' }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string };
