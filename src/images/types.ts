/**
 * ImageLoader: the only way sharecard reads a hero image. It enforces the operator's origin
 * allow-list and local roots, size/pixel/time limits and (for network fetches) address checks
 * at connect time; it never throws for a bad image, it returns null and the caller falls back
 * to a layout without a photo.
 */
export interface LoadedImage {
  /** Decoded, cropped and resized image bytes, ready to embed (PNG or JPEG). */
  data: Buffer;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

export interface ImageRequest {
  url: string;
  /** Target box in pixels; the image is cover-cropped to exactly this size. */
  width: number;
  height: number;
  /** Focal point 0..1 (default centre). */
  focusX?: number;
  focusY?: number;
}

export interface ImageLoader {
  load(request: ImageRequest): Promise<LoadedImage | null>;
  /**
   * The file at `url` as it is (the site logo keeps its own shape and format), read through the
   * same allow-list, local roots, address checks and byte and time limits. Unlike `load`, it
   * accepts `image/svg+xml`: a logo may be an SVG, which the renderer rasterizes once, with the
   * same limits as a local SVG logo; `load` (photos) never takes one. Rejects with an
   * Error whose message says why it could not be read; the caller decides what that means
   * and logs it once.
   */
  source(url: string): Promise<Buffer>;
}
