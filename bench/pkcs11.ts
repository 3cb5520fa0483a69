/**
 * PKCS#11 benchmark: root-key wraps and unwraps per second on a throwaway SoftHSM2 token, through
 * `Pkcs11RootKeyProvider` (C_EncryptInit + C_Encrypt / C_DecryptInit + C_Decrypt with CKM_AES_GCM
 * on the token, one session), next to the local key file provider (AES-256-GCM in process) for
 * scale. See docs/benchmarks.md for the latest figures.
 *
 *   node --import tsx bench/pkcs11.ts [--duration 5] [--rounds 3] [--concurrency 1,16]
 *
 * Each (provider, operation, concurrency) is measured for --duration seconds, --rounds times,
 * interleaved; the median round stands. Latency percentiles come from that round. Bounded in
 * time; the token and its temporary directory are removed at the end, also on failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPkcs11RootKey, createRootKeyFile, type RootKeyProvider, type WrapContext } from '../src/crypto/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, SOFTHSM, softHsmSettings } from '../test/support/softhsm.js';
import { formatTable } from './lib/format-table.js';
import { describeMachine } from './lib/machine.js';

const REPOSITORY = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,16' },
  },
});
const durationMs = Number(flags.duration) * 1000;
const rounds = Number(flags.rounds);
const concurrencies = flags.concurrency.split(',').map(Number);
if (!(durationMs > 0 && durationMs <= 60_000) || !(rounds >= 1 && rounds <= 9) || concurrencies.some((n) => !(n >= 1 && n <= 256))) {
  throw new Error('--duration 0–60 s, --rounds 1–9, --concurrency 1–256 each');
}
if (!SOFTHSM.available) throw new Error(`${SOFTHSM.reason}; install it with apt-get install -y softhsm2`);

interface Measurement {
  opsPerSecond: number;
  p50us: number;
  p99us: number;
}

/** Runs `operation` with `concurrency` calls in flight for `durationMs`; counts completions. */
async function measure(operation: (index: number) => Promise<unknown>, concurrency: number): Promise<Measurement> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        await operation(next++);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 1000);
  return { opsPerSecond: latencies.length / elapsed, p50us: percentile(0.5), p99us: percentile(0.99) };
}

const loadAtStart = loadavg()[0]!;
const directory = await mkdtemp(join(tmpdir(), 'sealdesk-bench-pkcs11-'));
const token = await createSoftHsmToken('bench');
const hsm = await createPkcs11RootKey(softHsmSettings(token, 'bench-root'));
try {
  const providers: Array<[string, RootKeyProvider]> = [
    ['PKCS#11 (SoftHSM2)', hsm],
    ['local key file', await createRootKeyFile(join(directory, 'root.key'))],
  ];
  // Tenant keys are 32 bytes; spread the contexts as a key ring's tenants would.
  const contexts: WrapContext[] = Array.from({ length: 64 }, (_each, index) => ({ scope: `ten_${index}`, version: 1 }));
  const key = randomBytes(32);
  const cases = providers.flatMap(([name, provider]) => {
    const wrapped = contexts.map((context) => provider.wrap(key, context));
    return concurrencies.flatMap((concurrency) => [
      { name, operation: 'wrap', concurrency, run: (i: number) => provider.wrap(key, contexts[i % contexts.length]!) },
      { name, operation: 'unwrap', concurrency, run: async (i: number) => provider.unwrap(await wrapped[i % contexts.length]!, contexts[i % contexts.length]!) },
    ]);
  });
  const results = cases.map(() => [] as Measurement[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, each] of cases.entries()) {
      await measure(each.run, each.concurrency).then((result) => results[index]!.push(result));
      process.stderr.write(`round ${round + 1}/${rounds}: ${each.name} ${each.operation} ×${each.concurrency}: ${Math.round(results[index]!.at(-1)!.opsPerSecond)}/s\n`);
    }
  }
  const rows = cases.map((each, index) => {
    const sorted = [...results[index]!].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const spread = `${Math.round(sorted[0]!.opsPerSecond)}–${Math.round(sorted.at(-1)!.opsPerSecond)}`;
    return [each.name, each.operation, String(each.concurrency), String(Math.round(median.opsPerSecond)), spread, String(median.p50us), String(median.p99us)];
  });
  const machine = describeMachine(REPOSITORY);
  console.log(`machine: ${machine.nproc} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, kernel ${machine.kernel}`);
  console.log(`commit: ${machine.commit ?? 'unknown'}${machine.workTreeDirty ? ' (work tree has uncommitted changes)' : ''}`);
  console.log(`load average (1 min) at start and end: ${loadAtStart.toFixed(2)}, ${loadavg()[0]!.toFixed(2)}`);
  console.log(`each figure: the median of ${rounds} rounds of ${durationMs / 1000} s\n`);
  console.log(formatTable(['provider', 'operation', 'in flight', 'ops/s (median)', 'ops/s (range)', 'p50 µs', 'p99 µs'], rows));
} finally {
  await hsm.close();
  await removeSoftHsmTokens();
  await rm(directory, { recursive: true, force: true });
}
