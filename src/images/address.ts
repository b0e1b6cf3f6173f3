/**
 * Which URLs and which network addresses the image loader may touch (SSRF defence).
 *
 * Two independent gates, both required:
 * 1. the URL: `https:` (or `http:` when the operator allows it), no credentials, and an origin
 *    on the operator's allow-list;
 * 2. the address actually connected to: only global unicast. Checked on every address a name
 *    resolves to, at connect time (so DNS rebinding cannot slip a different answer in between),
 *    and on IP literals before connecting.
 *
 * Only the WHATWG-normalized host is ever looked at: the URL parser already turns `0x7f000001`,
 * `2130706433`, `127.1` and `0177.0.0.1` into `127.0.0.1`, and `checkAddress` accepts nothing
 * but canonical dotted-quad IPv4 or IPv6 text, so no alternative spelling reaches the network.
 * Background: https://owasp.org/www-community/attacks/Server_Side_Request_Forgery and
 * https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
 */
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export type AddressCheck = { ok: true } | { ok: false; reason: string };
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

// Cloud instance-metadata endpoints, named in the reason so an operator reading the log sees
// what was attempted. They are refused anyway by their ranges (link-local, unique local, CGNAT).
const METADATA_ADDRESSES = new Map<string, string>([
  ['169.254.169.254', 'AWS/GCP/Azure/OpenStack'],
  ['169.254.170.2', 'AWS ECS task'],
  ['fd00:ec2::254', 'AWS IPv6'],
  ['100.100.100.200', 'Alibaba Cloud'],
]);

const RANGE_LABELS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (RFC 6598)',
  private: 'private (RFC 1918)',
  reserved: 'reserved',
  uniqueLocal: 'unique local (RFC 4193)',
  ipv4Mapped: 'IPv4-mapped',
  deprecatedSiteLocal: 'site-local (deprecated)',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64 (RFC 6052)',
  '6to4': '6to4',
  teredo: 'Teredo',
  discard: 'discard-only (RFC 6666)',
  benchmarking: 'benchmarking',
  as112: 'AS112',
  as112v6: 'AS112',
  amt: 'AMT relay',
  deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHID',
  droneRemoteIdProtocolEntityTags: 'drone remote ID',
  segmentRouting: 'segment routing',
};

// IPv6 global unicast is 2000::/3 (RFC 4291 §2.4); anything outside it is never a public host.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
// The well-known NAT64 prefix carries a public IPv4 address in its last 32 bits (DNS64 hosts
// see public sites this way), so it is judged by that embedded address.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** A refusal naming the range (or the metadata service) so the log says what was attempted. */
function refuse(shown: string, canonical: string, range: string, via?: string): AddressCheck {
  const metadata = METADATA_ADDRESSES.get(canonical);
  const what = metadata ? `cloud metadata (${metadata})` : (RANGE_LABELS[range] ?? range);
  return { ok: false, reason: `forbidden ${what} address ${shown}${via ? ` ${via}` : ''}` };
}

function checkV4(v4: ipaddr.IPv4, shown: string, via?: string): AddressCheck {
  const range = v4.range();
  return range === 'unicast' ? { ok: true } : refuse(shown, v4.toString(), range, via);
}

/**
 * Whether a connection to this address is allowed: only canonical IPv4 or IPv6 text for a
 * global unicast address. Refuses loopback, private, link-local, CGNAT, unspecified,
 * multicast, broadcast, reserved and documentation ranges, unique local IPv6, cloud metadata
 * endpoints, IPv4-mapped/compatible/translated forms of any refused IPv4, scoped (`%zone`)
 * addresses, and anything that is not a plain IP address (`127.1`, `0x7f000001`, names).
 *
 * @example
 *   checkAddress('93.184.216.34');     // { ok: true }
 *   checkAddress('::ffff:127.0.0.1');  // { ok: false, reason: 'forbidden loopback address ::ffff:127.0.0.1 (IPv4-mapped)' }
 */
export function checkAddress(ip: string): AddressCheck {
  if (typeof ip !== 'string' || ip.length > 64) return { ok: false, reason: 'not an IP address' };
  // A zone id ("fe80::1%eth0") only exists for link-local and similar scoped addresses.
  if (ip.includes('%')) return { ok: false, reason: `forbidden scoped (zone) address ${ip}` };
  const family = net.isIP(ip);
  if (family === 0) return { ok: false, reason: `${JSON.stringify(ip)} is not a canonical IP address` };
  if (family === 4) {
    // net.isIP accepts only four decimal octets without leading zeros; ipaddr.js would also
    // accept octal/hex/short forms, so parse only after net.isIP said it is canonical.
    return checkV4(ipaddr.IPv4.parse(ip), ip);
  }
  // Re-serialize through the WHATWG parser first: ipaddr.js reads "::a.b.c.d" (IPv4-compatible)
  // as if it were "::ffff:a.b.c.d" (IPv4-mapped); the URL serializer gives all-hex text.
  const v6 = ipaddr.IPv6.parse(new URL(`http://[${ip}]/`).hostname.slice(1, -1));
  if (v6.isIPv4MappedAddress()) return checkV4(v6.toIPv4Address(), ip, '(IPv4-mapped)');
  if (v6.match(NAT64_WELL_KNOWN)) {
    const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4;
    return checkV4(embedded, ip, `(NAT64 of ${embedded.toString()})`);
  }
  const range = v6.range();
  if (range !== 'unicast') return refuse(ip, v6.toString(), range);
  // Outside 2000::/3: IPv4-compatible (::a.b.c.d), unassigned and reserved space.
  if (!v6.match(GLOBAL_UNICAST_V6)) return { ok: false, reason: `forbidden non-global IPv6 address ${ip}` };
  return { ok: true };
}

/** Origins normalized the way URL does it (lower-case host, default port dropped). */
export function normalizeOrigins(origins: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const o of origins) {
    if (!URL.canParse(o)) continue;
    const origin = new URL(o).origin;
    if (origin !== 'null') out.add(origin);
  }
  return out;
}

export interface UrlPolicy {
  allowedOrigins: readonly string[];
  /** Allow plain `http:` (default false: only `https:`). */
  allowHttp?: boolean;
}

/** The URL gate, prepared once (origins normalized into a set). */
export function createUrlCheck(policy: UrlPolicy): (url: string | URL) => UrlCheck {
  const origins = normalizeOrigins(policy.allowedOrigins);
  const allowHttp = policy.allowHttp === true;
  return (input) => {
    let url: URL;
    try {
      url = new URL(String(input));
    } catch {
      return { ok: false, reason: 'not a valid absolute URL' };
    }
    if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
      return { ok: false, reason: `scheme ${url.protocol} is not allowed${url.protocol === 'http:' ? ' (images.allowHttp is off)' : ''}` };
    }
    if (url.username || url.password) return { ok: false, reason: 'URLs with credentials are not allowed' };
    if (!url.hostname) return { ok: false, reason: 'URL has no host' };
    if (!origins.has(url.origin)) return { ok: false, reason: `origin ${url.origin} is not in images.allowedOrigins` };
    // An IP literal is judged here, before any connection (the OS never resolves it, so the
    // connect-time lookup hook would not see it).
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (net.isIP(host)) {
      const address = checkAddress(host);
      if (!address.ok) return address;
    }
    return { ok: true, url };
  };
}

/**
 * Whether a hero image URL may be fetched over the network: allowed scheme, no credentials,
 * origin on the allow-list and, for an IP-literal host, an allowed address. Host names are
 * checked again when connecting (see checkAddress).
 *
 * @example
 *   isAllowedUrl('https://news.example.com/a.jpg', { allowedOrigins: ['https://news.example.com'] }); // { ok: true, url }
 */
export function isAllowedUrl(url: string | URL, policy: UrlPolicy): UrlCheck {
  return createUrlCheck(policy)(url);
}
