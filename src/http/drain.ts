/**
 * Keep-alive connections during a graceful shutdown (issue 31: requests sent after SIGTERM on
 * reused keep-alive connections got ECONNRESET at the end of the drain).
 *
 * HTTP/1.1 has no way for a server to retire a persistent connection safely except in a
 * response: closing an idle one races with a request the client may be sending on it at that
 * moment, and that request is reset (RFC 9112 §9.6). So while draining:
 *
 * - every response carries `Connection: close`: a client that is sending retires its
 *   connection cleanly after the answer and opens a new one, which a load balancer that saw
 *   /readyz fail routes elsewhere;
 * - a connection that has answered a request and then stayed idle for `idleMs` is closed (the
 *   client is quiet, so the race is unlikely, and it reconnects while we still listen);
 * - a busy connection, or one whose client has not sent its first request yet, is left alone.
 *
 * At the end of the drain `close` stops listening without `http.Server#close`, which (Node ≥ 19)
 * also destroys every connection without a request in progress, including one accepted a
 * moment ago whose first request is still on its way: that request would be reset. Instead,
 * connections finish their request (answered with Connection: close) and close; one that stays
 * silent for `idleMs` is closed.
 *
 * @example
 *   const drain = trackKeepAlive(server);
 *   drain.start({ idleMs: 250 }); // on SIGTERM
 *   await drain.close();          // at the end of the drain: resolves when no connection is left
 */
import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

interface Connection {
  /** Requests started and not yet answered (more than one when a client pipelines). */
  busy: number;
  /** Whether it has answered a request (so it is a kept-alive connection, not a fresh one). */
  served: boolean;
  idleSince: number;
}

export interface KeepAliveDrain {
  /** Starts draining: Connection: close on every response, idle connections closed. */
  start(options: { idleMs: number; checkEveryMs?: number }): void;
  /**
   * Stops listening and resolves once every connection has closed (each finishes the request
   * it carries; one silent for `idleMs` is closed). Starts the drain if it has not started.
   */
  close(options: { idleMs: number; checkEveryMs?: number }): Promise<void>;
  readonly draining: boolean;
}

export function trackKeepAlive(server: Server, now: () => number = Date.now): KeepAliveDrain {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  let closing = false;
  let timer: NodeJS.Timeout | null = null;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, served: false, idleSince: now() });
    socket.once('close', () => connections.delete(socket));
  });
  // First listener, so it runs before the app writes anything.
  server.prependListener('request', (req, res) => {
    const c = connections.get(req.socket);
    if (draining) res.shouldKeepAlive = false;
    if (!c) return;
    c.busy++;
    c.served = true;
    res.once('close', () => {
      c.busy--;
      c.idleSince = now();
    });
  });

  /** Closes connections quiet for idleMs: kept-alive ones, and once closing, fresh ones too. */
  function closeIdle(idleMs: number): void {
    const t = now();
    for (const [socket, c] of connections) {
      if ((c.served || closing) && c.busy === 0 && t - c.idleSince >= idleMs) socket.destroy();
    }
  }

  function start({ idleMs, checkEveryMs = 50 }: { idleMs: number; checkEveryMs?: number }): void {
    if (draining) return;
    draining = true;
    closeIdle(idleMs);
    timer = setInterval(() => closeIdle(idleMs), checkEveryMs);
    timer.unref();
  }

  return {
    start,
    async close(options) {
      start(options);
      closing = true;
      // net.Server's close: stop accepting; its callback runs when the last connection ends.
      await new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      if (timer) clearInterval(timer);
      timer = null;
    },
    get draining() {
      return draining;
    },
  };
}
