/**
 * Reads the configuration: the JSON file named by SHARECARD_CONFIG (optional), then the
 * environment variables of DESIGN.md on top, validated by one schema. A bad value throws one
 * error naming every bad key, before anything starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, type Config, type ConfigInput } from './schema.js';
import { SharecardError, formatProblems } from '../core/errors.js';
import { parseOrThrow } from '../core/validation.js';

type Env = Record<string, string | undefined>;

/** pino's levels: LOG_LEVEL is read by the logger (src/services.ts), checked here with the rest. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The loggers' level (the server's in src/services.ts, the CLI's in src/cli.ts): LOG_LEVEL, unset or empty is info. */
export function logLevel(env: Env = process.env): string {
  return env.LOG_LEVEL || 'info';
}

/** Deep-merges plain objects (arrays and values on the right win). */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The environment variables DESIGN.md names, as a partial config. */
function fromEnv(env: Env): { input: Record<string, unknown>; problems: string[] } {
  const input: Record<string, Record<string, unknown>> = {};
  const problems: string[] = [];
  const set = (section: string, key: string, value: unknown) => {
    (input[section] ??= {})[key] = value;
  };
  if (env.PORT !== undefined && env.PORT !== '') {
    const port = Number(env.PORT);
    if (!Number.isInteger(port)) problems.push(`PORT: must be a whole number, got "${env.PORT}"`);
    else set('server', 'port', port);
  }
  if (env.LOG_LEVEL && !(logLevels as readonly string[]).includes(env.LOG_LEVEL)) {
    problems.push(`LOG_LEVEL: must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  if (env.HOST) set('server', 'host', env.HOST);
  if (env.SHARECARD_PUBLIC_URL) set('server', 'publicUrl', env.SHARECARD_PUBLIC_URL);
  // Relative to the working directory, not to the config file.
  if (env.SHARECARD_DATA_DIR) set('storage', 'dataDir', path.resolve(env.SHARECARD_DATA_DIR));
  if (env.SHARECARD_DATABASE_URL) set('storage', 'databaseUrl', env.SHARECARD_DATABASE_URL);
  if (env.SHARECARD_REDIS_URL) set('cache', 'redisUrl', env.SHARECARD_REDIS_URL);
  if (env.SHARECARD_API_TOKEN) set('security', 'apiToken', env.SHARECARD_API_TOKEN);
  if (env.SHARECARD_SIGNING_KEYS) {
    set('security', 'signingKeys', env.SHARECARD_SIGNING_KEYS.split(',').map((s) => s.trim()).filter(Boolean));
  }
  if (env.SHARECARD_RENDER_WORKERS) set('render', 'workers', Number(env.SHARECARD_RENDER_WORKERS));
  if (env.SHARECARD_RENDER_HEAP) set('render', 'heap', env.SHARECARD_RENDER_HEAP);
  return { input, problems };
}

/**
 * Validates a config object (file contents merged with overrides). `baseDir` is where relative
 * paths in it resolve. Throws SharecardError listing every bad key.
 */
export function parseConfig(input: ConfigInput | Record<string, unknown>, baseDir = process.cwd()): Config {
  const c = parseOrThrow(configSchema, input, 'config', (problems) => `Invalid configuration:\n${formatProblems(problems)}`);
  const lang = c.site.lang ?? c.site.locale.split('_')[0];
  const publicUrl = c.server.publicUrl.replace(/\/+$/, '');
  return {
    ...c,
    site: { ...c.site, lang },
    server: { ...c.server, publicUrl },
    storage: { ...c.storage, dataDir: path.resolve(baseDir, c.storage.dataDir) },
    images: {
      ...c.images,
      localRoots: Object.fromEntries(Object.entries(c.images.localRoots).map(([prefix, dir]) => [prefix, path.resolve(baseDir, dir)])),
    },
    baseDir,
  };
}

/** Loads SHARECARD_CONFIG (if set) and the environment overrides. */
export function loadConfig(env: Env = process.env, overrides: Record<string, unknown> = {}): Config {
  let fileInput: Record<string, unknown> = {};
  let baseDir = process.cwd();
  const file = env.SHARECARD_CONFIG;
  if (file) {
    const full = path.resolve(file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (err) {
      throw new SharecardError('invalid_input', `SHARECARD_CONFIG: cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      fileInput = JSON.parse(text);
    } catch (err) {
      throw new SharecardError('invalid_input', `SHARECARD_CONFIG: ${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!fileInput || typeof fileInput !== 'object' || Array.isArray(fileInput)) {
      throw new SharecardError('invalid_input', `SHARECARD_CONFIG: ${file} must hold a JSON object`);
    }
    baseDir = path.dirname(full);
  }
  const envPart = fromEnv(env);
  if (envPart.problems.length) throw new SharecardError('invalid_input', `Invalid environment:\n${envPart.problems.join('\n')}`);
  const merged = merge(merge(fileInput, envPart.input), overrides) as { server?: { publicUrl?: unknown; port?: unknown } };
  // With no public URL configured, links point at this server on the port it listens on.
  if (merged.server?.publicUrl === undefined && typeof merged.server?.port === 'number' && merged.server.port > 0) {
    merged.server = { ...merged.server, publicUrl: `http://localhost:${merged.server.port}` };
  }
  return parseConfig(merged, baseDir);
}
