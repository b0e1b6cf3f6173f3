/**
 * RenderCache: rendered card bytes by cache key. Implementations: memory (LRU by bytes),
 * disk (bounded by bytes), Redis (shared across replicas), and a tiered cache over them.
 * A cache failure must never fail a request: callers treat a throwing `get` as a miss.
 */
export interface CachedCard {
  body: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  /** Strong ETag, quoted, e.g. "\"sha256-base64url\"". */
  etag: string;
}

export interface RenderCache {
  readonly name: string;
  get(key: string): Promise<CachedCard | null>;
  set(key: string, value: CachedCard): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
