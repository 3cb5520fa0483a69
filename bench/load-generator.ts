/**
 * The load generator's own process (forked by bench/lib/load-run.ts, never run by hand): it
 * receives `{type: 'run', options}` over IPC, runs the closed loop and sends back the window
 * events and the result. Keeping it out of the server's process matters on a 2-core machine.
 */
import { runClosedLoop } from './lib/closed-loop.js';
import type { LoadGeneratorMessage, LoadOptions } from './lib/load-types.js';

if (!process.send) {
  process.stderr.write('bench/load-generator.ts runs only as a child of bench/ingest.ts\n');
  process.exit(2);
}

const reply = (message: LoadGeneratorMessage) => new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));

process.once('message', (message: { type: 'run'; options: LoadOptions }) => {
  runClosedLoop(message.options, {
    onWindowStart: () => void reply({ type: 'window-start' }),
    onWindowEnd: () => void reply({ type: 'window-end' }),
  })
    .then((result) => reply({ type: 'result', result }))
    .catch((error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.disconnect());
});
