/**
 * What each platform does with a page's tags and image, as numbers the check rules compare
 * against. Sources: the platform table in DESIGN.md and PLATFORM-CARDS.md §10 (which cites each
 * platform's docs or code). Lengths marked "estimate" are line clamps turned into characters
 * at the card's width; they only ever raise warnings.
 */
export const MB = 1024 * 1024;

export const checkLimits = Object.freeze({
  /** WhatsApp reads og:* only in the first 300 KB of HTML (DESIGN.md platform table). */
  whatsappHeadBytes: 300_000,
  x: {
    /** X card markup docs: title ≤ 70, description ≤ 200 characters. */
    titleChars: 70,
    descriptionChars: 200,
    /** summary_large_image: at least 300×157, under 5 MB, 2:1. */
    minWidth: 300,
    minHeight: 157,
    maxBytes: 5 * MB,
    aspect: { min: 1.85, max: 2.05 },
    formats: ['png', 'jpeg'],
    cardTypes: ['summary', 'summary_large_image', 'app', 'player'],
  },
  bluesky: {
    /** Title clamps at 3 lines, description at 2 (PLATFORM-CARDS §1.2): estimates. */
    titleChars: 190,
    descriptionChars: 150,
    /** The card thumb is a blob of at most 1,000,000 bytes. */
    maxBytes: 1_000_000,
  },
  linkedin: {
    /** About 2 lines in the compact card (PLATFORM-CARDS §4): estimate. */
    titleChars: 100,
    minWidth: 1200,
    minHeight: 627,
    maxBytes: 5 * MB,
    formats: ['png', 'jpeg', 'gif'],
  },
  whatsapp: {
    /** Community guidance: og:title ≤ 65 characters (PLATFORM-CARDS §5). */
    titleChars: 65,
    /** Previews drop images over about 300 KB. */
    maxBytes: 300_000,
  },
  facebook: {
    /** The feed cuts the title near 110 and the description near 200 characters (§3). */
    titleChars: 110,
    descriptionChars: 200,
    /** Below 200×200 the image is rejected; below 600×315 it is a small thumbnail. */
    minWidth: 200,
    minHeight: 200,
    largeMinWidth: 600,
    largeMinHeight: 315,
    maxBytes: 8 * MB,
  },
});
