/**
 * An outside reader: Tesseract OCR (Debian's tesseract-ocr and its language packs, installed by
 * .ci/run) reads each card back, and the headline's words and numbers must come out in reading
 * order. This is how a reader judges a card: reversed numbers ("30:14"), scrambled phrases or
 * boxes fail it. Each case names the tokens that must be read, in order; Tesseract writes
 * right-to-left text in logical order, so the order is the order of the headline.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { directionOf } from '../src/core/direction.js';
import { createRenderEnv, renderJob } from '../src/render/pipeline.js';
import type { TemplateName } from '../src/core/article.js';
import { brand } from './render-helpers.js';
import { serviceAvailable } from './services-available.js';
import { ocrCases } from './fixtures/ocr-cases.js';

const run = promisify(execFile);
const tesseract = await serviceAvailable('tesseract', {
  label: 'Tesseract OCR',
  hint: 'apt-get install tesseract-ocr and the tesseract-ocr-<lang> packs (.ci/run does)',
  probe: async () => {
    const { stdout } = await run('tesseract', ['--list-langs']);
    const missing = [...new Set(ocrCases.flatMap((c) => c.ocr.split('+')))].filter((l) => !stdout.split('\n').includes(l));
    if (missing.length) throw new Error(`missing language packs: ${missing.join(', ')}`);
  },
});

const dir = mkdtempSync(path.join(tmpdir(), 'sharecard-ocr-'));
const env = createRenderEnv();

/** Text without bidi marks and joiners, with runs of whitespace as one space. */
const normalize = (s: string) => s.replace(/[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

/** The tokens found in `text` in order (each after the previous), and the first that was not. */
function inOrder(text: string, tokens: string[]): { missing?: string } {
  let at = 0;
  for (const t of tokens) {
    const i = text.indexOf(t, at);
    if (i < 0) return { missing: t };
    at = i + t.length;
  }
  return {};
}

describe.skipIf(!tesseract)('cards read back by Tesseract OCR', () => {
  for (const c of ocrCases) {
    for (const template of (c.templates ?? ['standard', 'alert']) as TemplateName[]) {
      it(`${c.name} (${template})`, { timeout: 60_000 }, async () => {
        const card = { title: c.title, lang: c.lang, dir: directionOf(c.lang, c.title) };
        const { body } = await renderJob({ template, preset: 'og', format: 'png', card, brand }, env);
        const file = path.join(dir, `${c.name}-${template}.png`);
        // Light type on a dark or red ground: as black on white, which Tesseract reads best.
        writeFileSync(file, await sharp(Buffer.from(body)).grayscale().threshold(170).negate().png().toBuffer());
        const { stdout } = await run('tesseract', [file, '-', '-l', c.ocr, '--psm', '3'], { maxBuffer: 1 << 20 });
        const read = normalize(stdout);
        const { missing } = inOrder(read, c.expect.map(normalize));
        expect(missing, `${c.name}: "${missing}" not read in order in: ${read}`).toBeUndefined();
      });
    }
  }
});
