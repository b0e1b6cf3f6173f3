/**
 * `sharecard serve`: starts the HTTP server (src/http/listen.ts) and shuts it down gracefully
 * on SIGTERM (drain first: an orchestrator is stopping us) or SIGINT (a person: stop now).
 */
import { startServer } from '../http/listen.js';

/** `env` holds SHARECARD_CONFIG and the overrides (the CLI's --config sets SHARECARD_CONFIG in a copy). */
export async function serveCommand(env: Record<string, string | undefined> = process.env): Promise<void> {
  const running = await startServer(env);
  const onSignal = (signal: string) => {
    running.services.log.info({ signal }, 'shutting down');
    // SIGTERM comes from an orchestrator: drain first. SIGINT is a person at a terminal: stop now.
    running.stop({ drain: signal === 'SIGTERM' }).then(
      () => process.exit(0),
      (err) => {
        running.services.log.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
