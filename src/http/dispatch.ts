/**
 * Runs one request through a Node request listener (the Express app) in-process, without a
 * port: Node's own IncomingMessage and ServerResponse, with the response's `write`/`end`
 * captured on that one response object. Nothing shared is patched (request injectors that
 * rewrite Express's prototypes would change every other Express app in the host process).
 */
import { IncomingMessage, ServerResponse, STATUS_CODES, type OutgoingHttpHeaders, type RequestListener } from 'node:http';
import { Socket } from 'node:net';

export interface DispatchRequest {
  method: string;
  /** Path and query, e.g. `/feeds/rss.xml?page=2`. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
  /** The client address the app sees as the socket's peer (default 127.0.0.1). */
  remoteAddress?: string;
}

export interface DispatchResponse {
  status: number;
  statusText: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

type Callback = (err?: Error | null) => void;

export function dispatch(listener: RequestListener, request: DispatchRequest): Promise<DispatchResponse> {
  return new Promise((resolve, reject) => {
    // An unconnected socket: it never reads or writes; it only answers what the app asks of
    // a connection (its peer address, whether it is encrypted).
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: request.remoteAddress ?? '127.0.0.1' });
    const req = new IncomingMessage(socket);
    req.method = request.method.toUpperCase();
    req.url = request.path;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    const body = request.body ?? Buffer.alloc(0);
    req.headers = { ...request.headers, ...(body.length ? { 'content-length': String(body.length) } : {}) };
    req.rawHeaders = Object.entries(req.headers).flatMap(([k, v]) => [k, String(v)]);
    if (body.length) req.push(body);
    req.push(null);
    req.complete = true;

    const res = new ServerResponse(req);
    const chunks: Buffer[] = [];
    let done = false;
    const toBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer =>
      Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk), encoding);
    const ensureHead = () => {
      if (!res.headersSent) res.writeHead(res.statusCode);
    };
    const write = (chunk: unknown, encoding?: BufferEncoding | Callback, cb?: Callback): boolean => {
      if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined];
      ensureHead();
      if (chunk !== undefined && chunk !== null && !done) chunks.push(toBuffer(chunk, encoding));
      if (cb) process.nextTick(cb);
      return true;
    };
    // Own properties of this response only: Express swaps its prototype, not these.
    res.write = write as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: BufferEncoding | Callback, cb?: Callback) => {
      if (typeof chunk === 'function') [cb, chunk] = [chunk as Callback, undefined];
      if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined];
      if (done) return res;
      if (chunk !== undefined && chunk !== null) write(chunk, encoding);
      ensureHead();
      done = true;
      (res as { finished: boolean }).finished = true;
      resolve({ status: res.statusCode, statusText: res.statusMessage || STATUS_CODES[res.statusCode] || '', headers: res.getHeaders(), body: Buffer.concat(chunks) });
      process.nextTick(() => {
        res.emit('prefinish');
        res.emit('finish');
        res.emit('close');
        cb?.();
      });
      return res;
    }) as ServerResponse['end'];

    try {
      listener(req, res);
    } catch (err) {
      reject(err);
    }
  });
}
