/**
 * `sharecard check`: a local, offline stand-in for the platforms' card debuggers.
 *
 * @example
 *   const report = await createChecker().check('https://news.example.com/story');
 *   console.log(formatReport(report)); process.exitCode = report.ok ? 0 : 1;
 */
export { createChecker, defaultCheckerOptions } from './probe.js';
export type { Checker, CheckerOptions, CheckReport } from './probe.js';
export { formatReport } from './format.js';
export { parseHead } from './head.js';
export type { HeadData, FoundMeta, FoundLink } from './head.js';
export { lintHead, imageUrlsToProbe, checkPlatforms } from './rules.js';
export type { Finding, ImageProbe, CheckPlatform, Severity, LintInput } from './rules.js';
export { checkLimits } from './limits.js';
