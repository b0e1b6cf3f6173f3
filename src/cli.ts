/**
 * The `sharecard` command line. Each command lives in src/cli/<command>.ts; this file only
 * wires arguments to them and turns failures into a message and an exit code.
 */
import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from './config/load.js';
import { openStore } from './store/open.js';
import { importRecords, readImportFile } from './cli/import.js';
import { serveCommand } from './cli/serve.js';
import { buildSignedRenderUrl, type SignOptions } from './cli/sign.js';
import { isSharecardError } from './core/errors.js';

export async function main(argv: string[]): Promise<number | void> {
  let exitCode: number | void = undefined;
  const program = new Command()
    .name('sharecard')
    .description('Share cards, meta tags, share payloads and feeds for news publishers')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the HTTP server (config from SHARECARD_CONFIG and the environment)')
    .action(async () => {
      await serveCommand();
    });

  program
    .command('import')
    .argument('<file>', 'a JSON array of articles (each with a "slug") or an NDJSON file, one article per line')
    .description('create or update articles in the store; bad records are reported and skipped')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      const records = await readImportFile(file);
      const store = await openStore(config);
      const bar =
        process.stderr.isTTY && !opts.json
          ? new cliProgress.SingleBar({ stream: process.stderr, format: 'importing {bar} {value}/{total}' }, cliProgress.Presets.shades_classic)
          : null;
      bar?.start(records.length, 0);
      try {
        const summary = await importRecords(records, store, { limits: config.limits, defaultLang: config.site.lang }, (n) => bar?.update(n));
        bar?.stop();
        if (opts.json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(`created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`);
          for (const r of summary.rejected) console.log(`  record ${r.line}${r.slug ? ` (${r.slug})` : ''}: ${r.reason}`);
        }
        exitCode = summary.rejected.length ? 2 : 0;
      } finally {
        await store.close();
      }
    });

  program
    .command('sign')
    .description('print a signed /og/render.png URL for an ad-hoc card (first key of SHARECARD_SIGNING_KEYS)')
    .requiredOption('--title <text>', 'headline')
    .option('--kicker <text>', 'kicker above the headline')
    .option('--section <text>', 'section name')
    .option('--template <name>', 'standard, photo, quote or alert')
    .option('--lang <tag>', 'BCP 47 language tag')
    .option('--preset <name>', 'og, x or square')
    .option('--ttl <duration>', 'lifetime: seconds, or with s, m, h or d (e.g. 7d); no expiry when omitted')
    .action((opts: SignOptions) => {
      console.log(buildSignedRenderUrl(loadConfig(), opts, new Date()));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isSharecardError(err)) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  return exitCode;
}
