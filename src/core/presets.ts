/**
 * Card sizes per platform, with each one's byte budget. WhatsApp drops previews over ~300 KB,
 * Bluesky's thumb blob limit is 1,000,000 bytes: https://docs.bsky.app/docs/advanced-guides/posts
 */
export const presets = Object.freeze({
  og: { width: 1200, height: 630, maxBytes: 300_000 },
  x: { width: 1200, height: 600, maxBytes: 1_000_000 },
  square: { width: 1200, height: 1200, maxBytes: 300_000 },
} as const);

export type PresetName = keyof typeof presets;
export const presetNames = Object.keys(presets) as PresetName[];

export function isPresetName(s: string): s is PresetName {
  return Object.hasOwn(presets, s);
}

export const imageFormats = ['png', 'jpg'] as const;
export type ImageFormat = (typeof imageFormats)[number];
