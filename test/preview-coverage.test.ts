/**
 * The editor's font coverage check, saved and live: the story page's Checks list names the
 * characters no shipped font can draw, and the live edit (the share endpoint the page script
 * posts each edit to) answers the same check for the edited, unsaved text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from './helpers.js';
import { login, startPreviewServer, type PreviewServer } from './preview-setup.js';

let server: PreviewServer;
let base: string;
let cookie: string;
let csrf: string;

beforeAll(async () => {
  server = await startPreviewServer();
  base = server.base;
  cookie = (await login(base)).cookie!;
  const html = await (await fetch(`${base}/preview/us-iran-talks-istanbul`, { headers: { cookie } })).text();
  csrf = JSON.parse(html.match(/<script type="application\/json" id="preview-data">(.*?)<\/script>/s)![1]!).csrf;
});
afterAll(() => server.stop());

const liveEdit = (title: string) =>
  fetch(`${base}/preview/api/share`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base, 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrf },
    body: JSON.stringify({ slug: 'us-iran-talks-istanbul', preset: 'og', title, kicker: '', description: 'Edited.' }),
  });

describe('font coverage in the editor', () => {
  it('answers the live edit with the characters of the edited text no shipped font can draw', async () => {
    const thai = await liveEdit('ครม. อนุมัติงบ 3.5 แสนล้านบาท → ≈ ✓');
    expect(thai.status).toBe(200);
    expect((await thai.json()).tofu).toBeNull();
    const tibetan = await (await liveEdit('Talks: བོད་ and \uE000')).json();
    expect(tibetan.tofu).toMatchObject({ key: 'tofu', level: 'bad' });
    expect(tibetan.tofu.text).toMatch(/^title: U\+0F56 བ, .*U\+E000/);
  });

  it('lists them in the saved story’s Checks, and says nothing for a story every font draws', async () => {
    const put = (title: string) =>
      fetch(`${base}/api/articles/coverage-check`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ url: 'https://news.example.com/c', title, lang: 'my' }) });
    expect((await put('ရန်ကုန်မြို့တွင် ဒီဇင်ဘာ ၁၀ ရက်နေ့ ༀ')).status).toBe(201);
    const page = await (await fetch(`${base}/preview/coverage-check`, { headers: { cookie } })).text();
    expect(page).toMatch(/<li class="bad" data-key="tofu"><strong>Characters no shipped font can draw: <\/strong>title: U\+0F00 ༀ\./);
    expect((await put('ရန်ကုန်မြို့တွင် ဒီဇင်ဘာ ၁၀ ရက်နေ့')).status).toBe(200);
    const fixed = await (await fetch(`${base}/preview/coverage-check`, { headers: { cookie } })).text();
    expect(fixed).not.toContain('data-key="tofu"');
  });
});
