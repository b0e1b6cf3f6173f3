/**
 * `sharecard check <url|file.html> [--json]`: lint a page's share metadata and print the report.
 * Exit code 1 when any card would break (an error), 0 otherwise.
 */
import { createChecker, formatReport, type CheckerOptions } from '../check/index.js';

export interface CheckCommandOptions {
  json?: boolean;
}

export async function checkCommand(
  target: string,
  opts: CheckCommandOptions,
  deps: CheckerOptions & { write?: (s: string) => void } = {},
): Promise<number> {
  const write = deps.write ?? ((s: string) => void process.stdout.write(`${s}\n`));
  const report = await createChecker(deps).check(target);
  write(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}
