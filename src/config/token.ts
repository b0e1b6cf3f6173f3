/**
 * The API token: from config/environment, or generated at first start and kept in
 * `<dataDir>/api-token` (mode 0600) so restarts keep it. Printed once, when generated.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ResolvedToken {
  token: string;
  /** True when this call generated and saved a new token. */
  generated: boolean;
  file?: string;
}

export function resolveApiToken(configured: string | null, dataDir: string): ResolvedToken {
  if (configured) return { token: configured, generated: false };
  const file = path.join(dataDir, 'api-token');
  try {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= 16) return { token: saved, generated: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  // 'wx' fails if another process won the race; then read theirs.
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { token: readFileSync(file, 'utf8').trim(), generated: false, file };
    throw err;
  }
  chmodSync(file, 0o600);
  return { token, generated: true, file };
}
