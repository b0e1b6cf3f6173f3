/**
 * The User-Agent of every ingest request: sharecard and its version, so a site's operator
 * can see who reads their pages and find the project.
 */
import { SHARECARD_VERSION } from '../version.js';

export const SYNC_USER_AGENT = `sharecard/${SHARECARD_VERSION} (feed and page sync)`;
