/**
 * Process entry: runs the CLI with the process arguments and sets the exit code.
 * bin/sharecard.js loads the compiled copy; tests run this file from source with tsx.
 */
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
