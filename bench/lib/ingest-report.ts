import { formatTable } from './format-table.js';
import type { LoadResult } from './load-types.js';
import type { CpuUse } from './process-cpu.js';
import type { ProfileSummary } from '../summarise-cpu-profile.js';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly kind: 'sealdesk' | 'bare';
  readonly logLevel?: string;
  /** Where the data directory lives, when not under the temporary root. */
  readonly dataRoot?: string;
  readonly cpuProfile?: boolean;
  /** Bare server only: one durable SQLite insert per request (the durability floor). */
  readonly durableInsert?: boolean;
  /** Diagnostic runs are reported but neither enter the ratio nor make the run invalid. */
  readonly diagnostic: boolean;
}

export interface ScenarioOutcome {
  readonly scenario: Scenario;
  readonly round: number;
  readonly dataFilesystem: { mountPoint: string; type: string; device: string } | null;
  readonly result: LoadResult;
  readonly cpu: CpuUse;
  /** Messages stored after the run (beyond the fixture's first messages), read back over the API. */
  readonly storedMessages: number | null;
  readonly profile?: ProfileSummary | undefined;
}

/**
 * One scenario over its rounds. The quietest round (least other work on the machine) stands for
 * it: on a shared machine outside work only ever slows a run down, and the choice does not look
 * at the figures being compared.
 */
export interface ScenarioSummary {
  readonly scenario: Scenario;
  readonly chosen: ScenarioOutcome;
  readonly requestsPerSecond: readonly number[];
}

export const PRIMARY = 'sealdesk (log warn)';
export const CEILING = 'bare fastify (ceiling)';
/** Other work on the machine above this (in % of one core) makes a run noisy. */
export const NOISE_LIMIT_PERCENT_OF_CORE = 25;

export function summariseScenarios(outcomes: readonly ScenarioOutcome[]): ScenarioSummary[] {
  const byName = new Map<string, ScenarioOutcome[]>();
  for (const outcome of outcomes) byName.set(outcome.scenario.name, [...(byName.get(outcome.scenario.name) ?? []), outcome]);
  return [...byName.values()].map((runs) => {
    const quietest = [...runs].sort((a, b) => (a.cpu.otherPercentOfCore ?? Infinity) - (b.cpu.otherPercentOfCore ?? Infinity))[0] as ScenarioOutcome;
    return { scenario: quietest.scenario, chosen: quietest, requestsPerSecond: runs.map((run) => run.result.requestsPerSecond) };
  });
}

/** Each Sealdesk scenario's chosen requests/s over the ceiling's chosen requests/s. */
export function ratiosToCeiling(summaries: readonly ScenarioSummary[]): Record<string, number> {
  const ceiling = summaries.find((each) => each.scenario.name === CEILING)?.chosen.result.requestsPerSecond;
  if (!ceiling) return {};
  return Object.fromEntries(
    summaries
      .filter((each) => each.scenario.kind === 'sealdesk')
      .map((each) => [each.scenario.name, Math.round((each.chosen.result.requestsPerSecond / ceiling) * 1000) / 1000]),
  );
}

/**
 * The ceiling's server CPU per request over each Sealdesk scenario's: what the throughput ratio
 * would be if both servers were bound by one core, whatever else ran on the machine.
 */
export function cpuCostRatios(summaries: readonly ScenarioSummary[]): Record<string, number> {
  const perRequest = (summary: ScenarioSummary | undefined) => {
    const cpu = summary?.chosen.cpu.serverPercentOfCore;
    const rate = summary?.chosen.result.requestsPerSecond;
    return cpu === null || cpu === undefined || !rate ? undefined : cpu / rate;
  };
  const ceiling = perRequest(summaries.find((each) => each.scenario.name === CEILING));
  if (ceiling === undefined) return {};
  return Object.fromEntries(
    summaries.flatMap((each) => {
      const own = perRequest(each);
      return each.scenario.kind === 'sealdesk' && own ? [[each.scenario.name, Math.round((ceiling / own) * 10_000) / 10_000]] : [];
    }),
  );
}

/** Within each round, the primary Sealdesk run over that round's ceiling. */
export function ratiosPerRound(outcomes: readonly ScenarioOutcome[]): number[] {
  const rounds = [...new Set(outcomes.filter((each) => !each.scenario.diagnostic).map((each) => each.round))];
  return rounds.flatMap((round) => {
    const primary = outcomes.find((each) => each.round === round && each.scenario.name === PRIMARY);
    const ceiling = outcomes.find((each) => each.round === round && each.scenario.name === CEILING);
    return primary && ceiling ? [Math.round((primary.result.requestsPerSecond / ceiling.result.requestsPerSecond) * 1000) / 1000] : [];
  });
}

export function errorCount(result: LoadResult): number {
  return result.errors.connection + result.errors.timeout + result.errors.protocol;
}

export function isClean(result: LoadResult): boolean {
  return result.completed > 0 && result.non2xx === 0 && errorCount(result) === 0;
}

export function isNoisy(outcome: ScenarioOutcome): boolean {
  return (outcome.cpu.otherPercentOfCore ?? 0) > NOISE_LIMIT_PERCENT_OF_CORE;
}

export function formatIngestTable(summaries: readonly ScenarioSummary[], ratios: Readonly<Record<string, number>>): string {
  const multipleRounds = summaries.some((each) => each.requestsPerSecond.length > 1);
  return formatTable(
    [
      'run',
      'req/s',
      ...(multipleRounds ? ['req/s range'] : []),
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors',
      'non-2xx',
      'server CPU (kernel)',
      'server CPU µs/req',
      'loadgen CPU',
      'other CPU',
      'vs ceiling',
    ],
    summaries.map(({ scenario, chosen, requestsPerSecond }) => [
      scenario.name,
      chosen.result.requestsPerSecond.toFixed(0),
      ...(multipleRounds
        ? [requestsPerSecond.length > 1 ? `${Math.min(...requestsPerSecond).toFixed(0)}–${Math.max(...requestsPerSecond).toFixed(0)}` : '']
        : []),
      chosen.result.latencyMs.p50.toFixed(2),
      chosen.result.latencyMs.p95.toFixed(2),
      chosen.result.latencyMs.p99.toFixed(2),
      String(errorCount(chosen.result)),
      String(chosen.result.non2xx),
      `${percent(chosen.cpu.serverPercentOfCore)} (${percent(chosen.cpu.serverSystemPercentOfCore)})`,
      cpuPerRequest(chosen),
      percent(chosen.cpu.loadGeneratorPercentOfCore),
      percent(chosen.cpu.otherPercentOfCore),
      scenario.name === CEILING ? '100 %' : ratios[scenario.name] === undefined ? 'n/a' : `${((ratios[scenario.name] ?? 0) * 100).toFixed(1)} %`,
    ]),
  );
}

export function describeOutcome(outcome: ScenarioOutcome): string {
  const { result, cpu } = outcome;
  return [
    `  ${result.requestsPerSecond.toFixed(0)} req/s over ${result.windowSeconds.toFixed(1)} s (${result.completed} responses), ` +
      `p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms, ${errorCount(result)} errors, ${result.non2xx} non-2xx`,
    `  per second: ${trend(result.perSecond)}`,
    `  statuses ${JSON.stringify(result.statusCounts)}; TLS ${result.tls.protocols.join('/')} ${result.tls.ciphers.join('/')}, ` +
      `${result.tls.verified}/${result.tls.handshakes} handshakes verified`,
    `  CPU: server ${percent(cpu.serverPercentOfCore)} of a core (kernel ${percent(cpu.serverSystemPercentOfCore)}), ` +
      `load generator ${percent(cpu.loadGeneratorPercentOfCore)}, everything else ${percent(cpu.otherPercentOfCore)} (steal ${percent(cpu.machineStealPercent)} of the machine)` +
      (outcome.storedMessages === null ? '' : `; ${outcome.storedMessages} messages stored`) +
      (outcome.dataFilesystem ? `; data on ${outcome.dataFilesystem.type} (${outcome.dataFilesystem.mountPoint})` : ''),
    ...(isNoisy(outcome) ? [`  warning: other work used ${percent(cpu.otherPercentOfCore)} of a core during this run; its figures are likely low`] : []),
  ].join('\n');
}

/** Mean responses/s over the first and the last three seconds of the window, to show drift. */
export function trend(perSecond: readonly number[]): string {
  if (perSecond.length < 6) return perSecond.join(', ');
  const mean = (values: readonly number[]) => (values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(0);
  return `${mean(perSecond.slice(0, 3))} in the first 3 s, ${mean(perSecond.slice(-3))} in the last 3 s`;
}

/** Server CPU time per completed request, in µs: % of a core × 10,000 / requests per second. */
export function cpuPerRequest(outcome: ScenarioOutcome): string {
  const cpu = outcome.cpu.serverPercentOfCore;
  return cpu === null || outcome.result.requestsPerSecond === 0 ? 'n/a' : ((cpu * 10_000) / outcome.result.requestsPerSecond).toFixed(0);
}

export function percent(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(0)} %`;
}
