#!/usr/bin/env node
/**
 * `npm run build`: a clean dist/ compiled by tsc (tsconfig.build.json), plus the browser
 * scripts (every `browser/*.js` under src/), copied as they are: browsers run them as classic
 * scripts, so tsc must not rewrite them as modules. `npm run typecheck` checks them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
const browserScript = /(^|[/\\])browser[/\\][^/\\]+\.js$/;
for (const file of readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
  if (browserScript.test(file)) cpSync(path.join(root, 'src', file), path.join(root, 'dist', 'src', file));
}
