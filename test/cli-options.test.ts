/**
 * The CLI's global options: --version prints the package's version, --config names the
 * config file (in a copy of the environment: nothing global changes), and every option with a
 * fixed set of values refuses others before anything runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { repoRoot, tempDir } from './helpers.js';

afterEach(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(`${args.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(`${args.join(' ')}\n`));
  return { out, err };
}

describe('sharecard --version', () => {
  it.each([['--version'], ['-V']])('%s prints the version from package.json and exits 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const io = capture();
    expect(await main([flag], {})).toBe(0);
    expect(io.out.join('').trim()).toBe(version);
  });
});

describe('sharecard --config <file>', () => {
  it('reads the named file, with the environment still on top, and leaves process.env alone', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'sharecard.json');
      writeFileSync(file, JSON.stringify({ server: { publicUrl: 'https://cards.example.org' }, security: { signingKeys: ['config-file-key-0123456789'] } }));
      const before = { ...process.env };
      const io = capture();
      expect(await main(['--config', file, 'sign', '--title', 'Hello'], {})).toBeUndefined();
      expect(io.out.join('')).toMatch(/^https:\/\/cards\.example\.org\/og\/render\.png\?/);
      expect(process.env).toEqual(before);

      const over = capture();
      await main(['sign', '--title', 'Hello', '--config', file], { SHARECARD_PUBLIC_URL: 'https://env.example.net' });
      expect(over.out.join('')).toMatch(/^https:\/\/env\.example\.net\/og\/render\.png\?/);
    } finally {
      tmp.cleanup();
    }
  });

  it('names the file when it cannot be read', async () => {
    const io = capture();
    expect(await main(['--config', '/nonexistent/sharecard.json', 'sign', '--title', 'x'], {})).toBe(1);
    expect(io.err.join('')).toContain('/nonexistent/sharecard.json');
  });
});

describe('options with a fixed set of values', () => {
  it.each([
    [['render', 'story.json', '-o', 'card.png', '--preset', 'huge'], '--preset', 'og, x, square'],
    [['render', 'story.json', '-o', 'card.png', '--template', 'fancy'], '--template', 'standard, photo, quote, alert'],
    [['render', 'story.json', '-o', 'card.png', '--format', 'gif'], '--format', 'png, jpg'],
    [['sign', '--title', 'x', '--preset', 'wide'], '--preset', 'og, x, square'],
  ])('%j is refused naming %s and its choices', async (argv, option, choices) => {
    const io = capture();
    expect(await main(argv, {})).toBe(1);
    const text = io.err.join('');
    expect(text).toContain(option);
    expect(text).toContain(`Allowed choices are ${choices}`);
  });
});
