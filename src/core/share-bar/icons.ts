/**
 * The bar's icons: simple glyphs drawn for sharecard on a 24×24 grid (no icon set copied, so no
 * third-party licence applies; the path data is the project's own, under its licence). The
 * platforms' names and marks belong to their owners and are shown only to name the service a
 * link shares to. Inline SVG, so the bar loads no image from anywhere.
 */
import type { SharePlatform } from '../share/utm.js';

export interface ShareBarIcon {
  /** Path data, in drawing order. */
  paths: readonly string[];
  /** `fill`: solid shapes (holes by the even-odd rule); `stroke`: 2-unit round lines. */
  kind: 'fill' | 'stroke';
}

export type ShareBarIconName = SharePlatform | 'copy' | 'share';

export const shareBarIcons: Readonly<Record<ShareBarIconName, ShareBarIcon>> = Object.freeze({
  // A disc with a lowercase "f" cut out of it.
  facebook: {
    kind: 'fill',
    paths: [
      'M12 1a11 11 0 1 0 0 22a11 11 0 1 0 0-22Z' +
        'M10.2 22.8V13.2H7.6V10.2H10.2V8.2C10.2 5.6 11.7 4.2 14.1 4.2C15.1 4.2 16 4.3 16.3 4.4V7H14.8C13.6 7 13.3 7.6 13.3 8.5V10.2H16.2L15.8 13.2H13.3V22.8Z',
    ],
  },
  // An "X": an outlined heavy diagonal crossed by a thin one.
  x: {
    kind: 'fill',
    paths: [
      'M2.5 3H8.8L21.5 21H15.2ZM5.3 4.4L15.9 19.6H18.7L8.1 4.4Z' +
        'M19.7 3H21.6L14.5 11.1L13.67 9.9Z' +
        'M9.77 13.3L10.68 14.6L4.3 21H2.4Z',
    ],
  },
  // A rounded square with "in" cut out of it.
  linkedin: {
    kind: 'fill',
    paths: [
      'M4 2H20A2 2 0 0 1 22 4V20A2 2 0 0 1 20 22H4A2 2 0 0 1 2 20V4A2 2 0 0 1 4 2Z' +
        'M5.4 7a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0-3.2 0Z' +
        'M5.6 9.6H8.4V18.5H5.6Z' +
        'M10.6 9.6H13.3V10.9C13.8 10 14.8 9.4 16.1 9.4C18.4 9.4 19 10.9 19 13V18.5H16.2V13.6C16.2 12.5 15.9 11.8 14.9 11.8C13.9 11.8 13.4 12.5 13.4 13.7V18.5H10.6Z',
    ],
  },
  // A butterfly: two wings on each side, mirrored about the vertical axis.
  bluesky: {
    kind: 'fill',
    paths: [
      'M12 10.8C10.6 7.9 7.4 4.1 4.6 2.9C2.8 2.1 1.6 2.6 1.6 4.6C1.6 5.6 2 9.4 2.3 10.4C3.1 13 5.8 13.6 8.3 13.2' +
        'C4.6 13.9 3.6 16.1 5.8 18.3C9.6 22.2 11.3 17.8 12 15.8C12.7 17.8 14.4 22.2 18.2 18.3C20.4 16.1 19.4 13.9 15.7 13.2' +
        'C18.2 13.6 20.9 13 21.7 10.4C22 9.4 22.4 5.6 22.4 4.6C22.4 2.6 21.2 2.1 19.4 2.9C16.6 4.1 13.4 7.9 12 10.8Z',
    ],
  },
  // A speech bubble (ring with a tail at the lower left) around a telephone handset.
  whatsapp: {
    kind: 'fill',
    paths: [
      'M12 1.8A10.2 10.2 0 0 0 3.2 17.2L1.8 22.2L7 20.8A10.2 10.2 0 1 0 12 1.8Z' +
        'M12 3.7A8.3 8.3 0 1 1 7.6 19.1L4.5 19.9L5.3 16.9A8.3 8.3 0 0 1 12 3.7Z',
      'M8.6 7.2C8.9 6.9 9.6 6.9 9.8 7.3L10.7 9.3C10.8 9.6 10.7 9.9 10.5 10.1L9.9 10.7C10.5 12 11.8 13.4 13.3 14.1L13.9 13.5' +
        'C14.1 13.3 14.4 13.2 14.7 13.3L16.7 14.2C17.1 14.4 17.1 15.1 16.8 15.4L16.2 16.1C15.6 16.7 14.7 16.9 13.9 16.6' +
        'C11 15.5 8.5 13 7.4 10.1C7.1 9.3 7.3 8.4 7.9 7.8Z',
    ],
  },
  // Two chain links.
  copy: {
    kind: 'stroke',
    paths: ['M10 13.5a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2', 'M14 10.5a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2'],
  },
  // Three connected nodes, the generic "share" glyph.
  share: {
    kind: 'stroke',
    paths: [
      'M20.5 5a2.5 2.5 0 1 1-5 0a2.5 2.5 0 1 1 5 0Z',
      'M8.5 12a2.5 2.5 0 1 1-5 0a2.5 2.5 0 1 1 5 0Z',
      'M20.5 19a2.5 2.5 0 1 1-5 0a2.5 2.5 0 1 1 5 0Z',
      'M8.2 10.8l7.6-4.4M8.2 13.2l7.6 4.4',
    ],
  },
});
