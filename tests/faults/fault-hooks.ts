import { afterAll, afterEach, beforeEach, onTestFailed } from 'vitest';
import { ServiceProcess } from './service-process.js';

/**
 * Hooks every fault-test file registers: no service process outlives its test (killed in
 * afterEach and afterAll, whatever happened), and a failed test prints the processes' last output.
 */
export function useServiceProcessHooks(): void {
  beforeEach(() => {
    ServiceProcess.takeTails(); // forget the previous test's processes
    onTestFailed(() => {
      const tails = ServiceProcess.takeTails(60);
      if (tails) console.error(tails);
    });
  });
  afterEach(async () => {
    await ServiceProcess.killAll();
  });
  afterAll(async () => {
    await ServiceProcess.killAll();
  });
}
