/**
 * The `sharecard` command line. Each command lives in src/cli/<command>.ts; this file only
 * wires arguments to them and turns failures into a message and an exit code.
 */
import { SHARECARD_VERSION } from './version.js';
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import pino, { type Logger } from 'pino';
import { loadConfig as loadConfigFrom, logLevel } from './config/load.js';
import { openStore } from './store/open.js';
import { articleOptions, templateNames } from './core/article.js';
import { imageFormats, presetNames } from './core/presets.js';
import { importRecords, readImportFile } from './cli/import.js';
import { serveCommand } from './cli/serve.js';
import { COMMANDS_THAT_DRAW, configureOwnProcess } from './cli/own-process.js';
import { buildSignedRenderUrl, type SignOptions } from './cli/sign.js';
import { exportFeeds } from './feed-service/static-export.js';
import { createFeedService } from './feed-service/service.js';
import { formatProblems, isSharecardError, type SharecardError } from './core/errors.js';
import { prerender, renderArticleFile, type RenderCliOptions } from './cli/render.js';
import { createServices } from './services.js';
import { defaultThreads } from './render/pool.js';

/**
 * The logger of every command but `serve`: JSON lines on stderr, so that stdout holds only
 * the command's output (and with --json, only the JSON document).
 */
export function cliLogger(): Logger {
  return pino({ level: logLevel() }, pino.destination({ dest: 2, sync: true }));
}

/**
 * What the CLI prints for a SharecardError: its message, then every problem as
 * `path: message` (as the HTTP layer lists them), unless the message already lists it.
 */
export function errorText(err: SharecardError): string {
  const unlisted = err.problems.filter((p) => !err.message.includes(formatProblems([p])));
  return unlisted.length ? `${err.message}\n${formatProblems(unlisted).replace(/^/gm, '  ')}` : err.message;
}


export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number | void> {
  let exitCode: number | void = undefined;
  const program = new Command()
    .name('sharecard')
    .description('Share cards, meta tags, share payloads and feeds for news publishers')
    .version(SHARECARD_VERSION, '-V, --version', 'print the version')
    .option('-c, --config <file>', 'the JSON config file (default: $SHARECARD_CONFIG)')
    .exitOverride()
    .showHelpAfterError()
    .hook('preAction', async (_program, command) => {
      if (COMMANDS_THAT_DRAW.has(command.name())) await configureOwnProcess();
    });

  // --config names the file in a copy of the environment: nothing global is changed, and the
  // environment variables still override the file's keys, as with SHARECARD_CONFIG.
  const configEnv = (): Record<string, string | undefined> => {
    const file = program.opts<{ config?: string }>().config;
    return file ? { ...env, SHARECARD_CONFIG: file } : env;
  };
  const loadConfig = () => loadConfigFrom(configEnv());

  program
    .command('serve')
    .description('start the HTTP server (config from --config or SHARECARD_CONFIG, and the environment)')
    .action(async () => {
      await serveCommand(configEnv());
    });

  program
    .command('import')
    .argument('<file>', 'a JSON array of articles (each with a "slug") or an NDJSON file, one article per line')
    .description('create or update articles in the store, and draw the cards of those published or changed; bad records are reported and skipped')
    .option('--json', 'print the summary as JSON')
    .option('--no-cards', 'do not draw the cards of the imported articles (they are drawn on first request, or by `sharecard prerender`)')
    .action(async (file: string, opts: { json?: boolean; cards: boolean }) => {
      const config = loadConfig();
      const records = await readImportFile(file);
      // Through the services: their store is the one whose writes queue cards (draw on publish).
      const services = await createServices({ ...config, render: { ...config.render, drawOnPublish: config.render.drawOnPublish && opts.cards } }, { log: cliLogger() });
      const bar =
        process.stderr.isTTY && !opts.json
          ? new cliProgress.SingleBar({ stream: process.stderr, format: 'importing {bar} {value}/{total}' }, cliProgress.Presets.shades_classic)
          : null;
      bar?.start(records.length, 0);
      try {
        const summary = await importRecords(records, services.store, articleOptions(config), (n) => bar?.update(n));
        bar?.stop();
        if (opts.json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(`created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`);
          for (const r of summary.rejected) console.log(`  record ${r.line}${r.slug ? ` (${r.slug})` : ''}: ${r.reason}`);
        }
        // The cards queued by the writes are drawn before the command ends (on stderr: stdout
        // carries the summary).
        await services.prerender.idle();
        const cards = services.prerender.stats();
        if (!opts.json && cards.drawn + cards.alreadyDrawn + cards.failed > 0) {
          process.stderr.write(`cards: drawn ${cards.drawn}, already drawn ${cards.alreadyDrawn}, failed ${cards.failed}\n`);
        }
        exitCode = summary.rejected.length ? 2 : 0;
      } finally {
        await services.close();
      }
    });

  program
    .command('sign')
    .description('print a signed /og/render.png URL for an ad-hoc card (first key of SHARECARD_SIGNING_KEYS)')
    .requiredOption('--title <text>', 'headline')
    .option('--kicker <text>', 'kicker above the headline')
    .option('--section <text>', 'section name')
    .addOption(new Option('--template <name>', 'card template').choices(templateNames))
    .option('--lang <tag>', 'BCP 47 language tag')
    .addOption(new Option('--preset <name>', 'image size').choices(presetNames))
    .option('--ttl <duration>', 'lifetime: seconds, or with s, m, h or d (e.g. 7d); no expiry when omitted')
    .action((opts: SignOptions) => {
      console.log(buildSignedRenderUrl(loadConfig(), opts, new Date()));
    });

  program
    .command('feeds')
    .description('write every RSS, Atom and JSON feed as static files, every page (rss.xml, rss-2.xml, …) linked by file name')
    .requiredOption('--out <dir>', 'output folder; files go to <dir>/feeds/… as under the public URL')
    .action(async (opts: { out: string }) => {
      const config = loadConfig();
      const store = await openStore(config, { log: cliLogger() });
      try {
        const summary = await exportFeeds(createFeedService({ store, config }), opts.out);
        console.log(`wrote ${summary.files.length} feed files to ${opts.out}`);
        for (const s of summary.skipped) console.log(`  skipped ${s.scope} "${s.value}": ${s.reason}`);
      } finally {
        await store.close();
      }
    });

  program
    .command('check')
    .argument('<target>', 'a page URL (http/https) or a local HTML file')
    .description("lint a page's share metadata against every platform's rules; exit 1 when a card would break")
    .option('--json', 'print the report as JSON')
    .action(async (target: string, opts: { json?: boolean }) => {
      // Loaded on use: the HTML parser and image probe are needed by this command only.
      const { checkCommand } = await import('./cli/check.js');
      exitCode = await checkCommand(target, opts);
    });

  program
    .command('sync')
    .argument('<url>', 'an RSS, Atom or JSON feed, a sitemap (index, Google News), a WordPress /wp-json/wp/v2/posts URL, or one article page')
    .description("create or update articles from a site's feed, sitemap or pages (docs/ingest.md)")
    .option('--dry-run', 'print what would change; write nothing')
    .option('--limit <n>', 'read at most n stories')
    .option('--origin <url...>', "other origins whose pages may be read (the source's own always may)")
    .option('--json', 'print the report as JSON')
    .action(async (url: string, opts: import('./cli/sync.js').SyncCliOptions) => {
      // Loaded on use, as check is: only this command needs the ingest parsers.
      const { syncCommand } = await import('./cli/sync.js');
      exitCode = await syncCommand(url, opts, loadConfig(), cliLogger());
    });

  program
    .command('render')
    .argument('<article.json>', 'one article as JSON (the body you would PUT, optionally with a "slug")')
    .description('draw one card to a file, without a server or cache')
    .addOption(new Option('--template <name>', "card template (default: the article's own choice)").choices(templateNames))
    .addOption(new Option('--preset <name>', 'og (1200×630), x (1200×600) or square (1200×1200)').choices(presetNames).default('og'))
    .addOption(new Option('--format <format>', 'image format (default: from the output file name)').choices(imageFormats))
    .requiredOption('-o, --output <file>', 'where to write the image')
    .action(async (file: string, opts: RenderCliOptions) => {
      const config = loadConfig();
      const result = await renderArticleFile(file, opts, config, { warn: (obj, msg) => console.error(`warning: ${msg}`, JSON.stringify(obj)) });
      console.log(`${result.output}: ${result.template} ${result.width}×${result.height} ${result.format}, ${result.bytes} bytes, ${result.ms} ms${result.degraded ? ' (photo unavailable: drawn without it)' : ''}`);
    });

  program
    .command('prerender')
    .description('warm the render cache with every card of every published article')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      // Warnings (a hero image that cannot be loaded, …) go to stderr, never into the report.
      const services = await createServices(config, { log: cliLogger() });
      const bar =
        process.stderr.isTTY && !opts.json
          ? new cliProgress.SingleBar({ stream: process.stderr, format: 'rendering {bar} {value}/{total} cards' }, cliProgress.Presets.shades_classic)
          : null;
      try {
        let started = false;
        const summary = await prerender(
          services,
          (done, total) => {
            if (!started) bar?.start(total, 0);
            started = true;
            bar?.update(done);
          },
          // Two cards in flight per worker thread, so a worker never idles while the next
          // card's photo is loaded and its cache lookup runs.
          2 * Math.max(1, config.render.workers ?? defaultThreads()),
        );
        bar?.stop();
        if (opts.json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(`${summary.articles} articles, ${summary.cards} cards: rendered ${summary.rendered}, already cached ${summary.cached}, failed ${summary.failed.length}`);
          for (const f of summary.failed) console.log(`  ${f.slug} ${f.card}: ${f.error}`);
        }
        exitCode = summary.failed.length ? 2 : 0;
      } finally {
        await services.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isSharecardError(err)) {
      console.error(errorText(err));
      return 1;
    }
    throw err;
  }
  return exitCode;
}
