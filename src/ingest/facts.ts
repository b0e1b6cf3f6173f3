/**
 * What one source says about a story, field by field, before the fields are merged by trust
 * (src/ingest/build-article.ts). Every value here is already cleaned text, an absolute URL or
 * an ISO date; a field a source does not give is absent.
 */
export interface FactImage {
  url: string;
  alt?: string;
  width?: number;
  height?: number;
}

export interface FactAuthor {
  name: string;
  url?: string;
}

export interface Facts {
  url?: string;
  title?: string;
  description?: string;
  section?: string;
  tags?: string[];
  authors?: FactAuthor[];
  image?: FactImage;
  publishedAt?: string;
  updatedAt?: string;
  lang?: string;
}

/** One story a source lists: where its page is, and what the source itself says about it. */
export interface SourceEntry {
  /** The page to read (absolute). */
  pageUrl: string;
  facts: Facts;
}

/** Drops undefined values and empty lists, so "absent" has one spelling. */
export function compactFacts(f: Facts): Facts {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as Facts;
}
