/**
 * docs/configuration.md cannot drift from the schema: its "Every key" tables list exactly the
 * schema's keys (leaves of nested objects; records such as images.localRoots are one key),
 * and each default written there, parsed as JSON, is the one the schema fills in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../src/config/schema.js';
import { repoRoot } from './helpers.js';

type AnySchema = z.ZodType & { _zod: { def: { type: string; innerType?: AnySchema; in?: AnySchema; shape?: Record<string, AnySchema> } } };

/** The schema under defaults, optionality, nullability and transforms. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (['default', 'prefault', 'optional', 'nullable'].includes(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

function keyPaths(schema: AnySchema, prefix: string[] = []): string[] {
  const s = unwrap(schema);
  if (s._zod.def.type !== 'object') return [prefix.join('.')];
  return Object.entries(s._zod.def.shape!).flatMap(([k, v]) => keyPaths(v, [...prefix, k]));
}

function documented(): Map<string, string> {
  const text = readFileSync(path.join(repoRoot, 'docs', 'configuration.md'), 'utf8');
  const section = text.slice(text.indexOf('## Every key'));
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Za-z.]+)` \| ([^|]+?) \|/gm)) {
    expect(rows.has(m[1]!), `${m[1]} is listed twice`).toBe(false);
    rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

describe('docs/configuration.md', () => {
  const rows = documented();
  const keys = keyPaths(configSchema as unknown as AnySchema);
  const defaults = configSchema.parse({}) as Record<string, unknown>;

  it('lists every key of the schema, and no other', () => {
    expect(keys.length).toBeGreaterThan(50);
    expect([...rows.keys()].sort()).toEqual([...keys].sort());
  });

  it("states each key's default as the schema has it", () => {
    for (const key of keys) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], defaults);
      const cell = rows.get(key);
      if (value === undefined) expect(cell, key).toBe('—');
      else {
        expect(cell, key).toMatch(/^`.*`$/);
        expect(JSON.parse(cell!.slice(1, -1)), key).toEqual(value);
      }
    }
  });
});
