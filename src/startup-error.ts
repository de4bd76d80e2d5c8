import { ConfigError } from './config/app-config';

/** Start-up failures end the process with one readable message, not a stack of framework frames. */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`\n${err.message}\nSee the settings table in README.md.\n`);
  } else {
    process.stderr.write(`\nfulian-flow could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
}
