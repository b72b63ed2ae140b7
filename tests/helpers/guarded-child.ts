import { createLogger } from '../../src/logger.js';
import { installProcessGuards } from '../../src/process-guard.js';

/**
 * A process with the service's guards and logger that throws the errors nobody catches: a timer
 * that throws, a promise rejected without a handler, and an HTTP handler that throws. It must
 * log each once and keep going, then print `alive` and exit 0 on its own.
 */
const canary = process.argv[2] ?? 'CANARY';
const log = createLogger('info', 'stdout');
const guard = installProcessGuards(log);

setTimeout(() => {
  throw new TypeError(`Cannot read properties of null (reading 'type') ${canary.length}`);
}, 0);
setTimeout(() => {
  void Promise.reject(new Error(`Failed query: insert into "answers" values ($1)\nparams: ${canary}`));
}, 5);
setTimeout(() => {
  process.stdout.write(`alive after ${guard.caught()} caught errors\n`);
  guard.remove();
}, 50);
