import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** What every command is given: the settings, read when first needed, and the database. */
export interface CommandContext {
  /** The validated settings (read from the environment and `.env` on first use). */
  config(): Config;
  /**
   * Runs `work` on the database (quiet logs, no start-up chores), closing it after. The
   * database must exist: only `serve` and `migrate` create one.
   */
  withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T>;
  /** The built web app's folder. */
  webRoot: string;
}

/**
 * Resolved from this file, whatever the working directory: src/cli/, dist/cli/ and the bundle's
 * dist/bundle/ all sit two folders below the project.
 */
const fromProjectRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const commandContext = (loadConfig: () => Config): CommandContext => {
  let config: Config | undefined;
  const settings = () => (config ??= loadConfig());
  return {
    config: settings,
    webRoot: fromProjectRoot('web/dist'),
    withRuntime: async (work) => {
      const runtime = await openRuntime(
        { ...settings(), logLevel: 'warn', logFormat: 'json' },
        { chores: false, create: false },
      );
      try {
        return await work(runtime);
      } finally {
        await runtime.close();
      }
    },
  };
};
