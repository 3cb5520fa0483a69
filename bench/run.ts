/**
 * `npm run bench`: the benchmarks. Today there is one, ingest (bench/ingest.ts); arguments pass
 * through, e.g. `npm run bench -- --duration 15 --connections 16`.
 */
await import('./ingest.js');
