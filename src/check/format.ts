/**
 * The human-readable report: one section per platform, a line per finding, a summary line.
 */
import { checkPlatforms, type CheckPlatform, type Severity } from './rules.js';
import type { CheckReport } from './probe.js';

const NAMES: Record<CheckPlatform, string> = { general: 'General', x: 'X', bluesky: 'Bluesky', linkedin: 'LinkedIn', whatsapp: 'WhatsApp', facebook: 'Facebook' };
const MARK: Record<Severity, string> = { error: '✗ error  ', warning: '! warning', info: 'i info   ' };

export function formatReport(r: CheckReport): string {
  const lines = [`sharecard check ${r.target}`];
  for (const img of r.images) {
    lines.push(
      img.ok
        ? `  image ${img.url}: ${img.width}×${img.height} ${img.format?.toUpperCase()}, ${img.bytes} bytes`
        : `  image ${img.url}: ${img.error}`,
    );
  }
  for (const p of checkPlatforms) {
    lines.push('', NAMES[p]);
    const findings = r.platforms[p];
    if (!findings.length) lines.push('  ✓ ok');
    for (const f of findings) lines.push(`  ${MARK[f.severity]} ${f.message} [${f.code}]`);
  }
  lines.push('', `${r.errors} error(s), ${r.warnings} warning(s): ${r.ok ? 'cards will render' : 'some cards will break'}`);
  return lines.join('\n');
}
