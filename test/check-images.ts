/**
 * Test images made with sharp (flat colour or noise), and a fetch that routes the configured
 * public URL to an in-process server, for the check tests.
 */
import sharp from 'sharp';

export async function makeImage(width: number, height: number, format: 'png' | 'jpeg' | 'webp', noise = false): Promise<Buffer> {
  const img = noise
    ? sharp(Buffer.from(Array.from({ length: width * height * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width, height, channels: 3 } })
    : sharp({ create: { width, height, channels: 3, background: { r: 11, g: 16, b: 32 } } });
  return img.toFormat(format).toBuffer();
}

export const PUBLIC_URL = 'https://share.example.com';

/**
 * A fetch that sends requests for the public URL to `base`. When `fakeCards` is set, card
 * requests (/og/…) are answered with a generated image of the preset's size instead.
 */
export function routedFetch(base: string, options: { fakeCards?: boolean } = {}): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin === PUBLIC_URL) {
      if (options.fakeCards && url.pathname.startsWith('/og/')) {
        const preset = /\/(x|square)\.(png|jpg)$/.exec(url.pathname)?.[1] ?? 'og';
        const jpeg = url.pathname.endsWith('.jpg');
        const [w, h] = preset === 'x' ? [1200, 600] : preset === 'square' ? [1200, 1200] : [1200, 630];
        const bytes = await makeImage(w, h, jpeg ? 'jpeg' : 'png');
        return new Response(new Uint8Array(bytes), { headers: { 'content-type': jpeg ? 'image/jpeg' : 'image/png' } });
      }
      return fetch(`${base}${url.pathname}${url.search}`, init);
    }
    return fetch(input, init);
  };
}
