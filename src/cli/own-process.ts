/**
 * Settings of the whole process, made only by the sharecard commands that draw cards: their
 * process is sharecard's own. An embedding host keeps its own (docs/embedding.md; a test holds
 * `renderCard` to that: test/render-card-host.test.ts).
 *
 * libvips (sharp) is one library per process: cards are drawn in worker threads already, and
 * libvips' own threads would compete with them for the same cores; its operation cache would
 * keep photos' pixels after their card is drawn.
 */
export const COMMANDS_THAT_DRAW: ReadonlySet<string> = new Set(['serve', 'import', 'sync', 'render', 'prerender']);

export async function configureOwnProcess(): Promise<void> {
  const { default: sharp } = await import('sharp');
  sharp.concurrency(1);
  sharp.cache(false);
}
