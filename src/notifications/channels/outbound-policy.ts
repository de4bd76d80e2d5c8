// Where robots and webhooks may send. A unit's contact types these URLs, and the worker then POSTs
// from inside the network, so a URL is a request the contact makes on the server's behalf (SSRF).
// The same rules run when a unit saves a URL, again before each send (a row written before the
// rules, or edited in the database), and the address a name resolves to is checked when the socket
// connects, so a name that resolves to a public address at save and to 127.0.0.1 later (DNS
// rebinding) is still refused.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import type { AppConfig } from '../../config/app-config';
import type { RobotChannelName } from './channel';

/** Why a URL or address is refused, in both languages; `rule` names the rule for tests and docs. */
export interface Refusal {
  rule: 'url' | 'https' | 'credentials' | 'wecom-endpoint' | 'dingtalk-endpoint' | 'internal-name' | 'address';
  zh: string;
  en: string;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** ipaddr.js range names → how a person reads them. Everything but `unicast` is refused. */
const RANGE_LABELS: Record<string, { zh: string; en: string }> = {
  loopback: { zh: '本机回环地址', en: 'a loopback address' },
  private: { zh: '内网地址', en: 'a private address' },
  uniqueLocal: { zh: '内网（唯一本地）地址', en: 'a unique-local address' },
  carrierGradeNat: { zh: '运营商级 NAT 内网地址', en: 'a carrier-grade NAT address' },
  linkLocal: { zh: '链路本地地址', en: 'a link-local address' },
  multicast: { zh: '组播地址', en: 'a multicast address' },
  unspecified: { zh: '未指定地址', en: 'an unspecified address' },
  broadcast: { zh: '广播地址', en: 'a broadcast address' },
  ipv4Mapped: { zh: 'IPv4 映射地址', en: 'an IPv4-mapped address' },
};
const RESERVED_LABEL = { zh: '保留或文档专用地址', en: 'a reserved or documentation address' };

/** ::/96, the deprecated IPv4-compatible IPv6 addresses. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Names that never mean a host on the internet. */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'localdomain', 'home.arpa'];

/** Raised by the connect-time lookup; the channels turn it into a permanent failure. */
export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
  constructor(readonly refusal: Refusal) {
    super(refusal.en);
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class OutboundPolicy {
  private readonly wecom: URL;
  private readonly dingtalk: URL;
  private readonly allowHttp: boolean;
  private readonly allowed: [Address, number][];

  constructor(settings: AppConfig['notifications']['outbound']) {
    this.wecom = new URL(settings.wecomUrl);
    this.dingtalk = new URL(settings.dingtalkUrl);
    this.allowHttp = settings.allowHttp;
    this.allowed = settings.allowPrivate.map((entry) =>
      entry.includes('/') ? ipaddr.parseCIDR(entry) : ([ipaddr.parse(entry), entry.includes(':') ? 128 : 32] as [Address, number]),
    );
  }

  /** The first rule `raw` breaks for this channel, or null when it may be saved and sent to. */
  checkUrl(channel: RobotChannelName, raw: string): Refusal | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { rule: 'url', zh: '不是有效的网址', en: 'is not a valid URL' };
    }
    if (url.username || url.password) {
      return { rule: 'credentials', zh: '不得包含用户名或密码（user:pass@）', en: 'must not carry a user name or password (user:pass@)' };
    }
    if (channel === 'wecom') {
      const wrong = this.endpointRefusal(url, this.wecom, 'key');
      if (wrong) return { rule: 'wecom-endpoint', zh: `企业微信机器人地址须为 ${wrong}`, en: `a WeCom robot URL must be ${wrong}` };
    } else if (channel === 'dingtalk') {
      const wrong = this.endpointRefusal(url, this.dingtalk, 'access_token');
      if (wrong) return { rule: 'dingtalk-endpoint', zh: `钉钉机器人地址须为 ${wrong}`, en: `a DingTalk robot URL must be ${wrong}` };
    } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowHttp)) {
      return { rule: 'https', zh: 'webhook 地址须以 https:// 开头', en: 'a webhook URL must start with https://' };
    }
    return this.hostRefusal(url.hostname);
  }

  /** A refusal for an address this process is about to connect to, or null. */
  checkAddress(text: string): Refusal | null {
    const found = this.classify(text);
    return found && { rule: 'address', zh: `${found.shown} 是${found.zh}，不是公网地址`, en: `${found.shown} is ${found.en}, not a public address` };
  }

  /** What kind of non-public address `text` is, or null when it is public (or allowed for testing). */
  private classify(text: string): { shown: string; zh: string; en: string } | null {
    let address: Address;
    try {
      address = ipaddr.parse(text);
    } catch {
      return { shown: text, zh: '无效的 IP 地址', en: 'not a valid IP address' };
    }
    if (this.allowed.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))) return null;
    const range = address.range();
    // ipaddr.js calls the deprecated IPv4-compatible form (::127.0.0.1 = ::7f00:1) unicast; a host with
    // a 6-in-4 route would reach the IPv4 address it wraps.
    if (range === 'unicast' && !(address.kind() === 'ipv6' && address.match(IPV4_COMPATIBLE))) return null;
    const label = RANGE_LABELS[range] ?? RESERVED_LABEL;
    // An IPv4-mapped IPv6 address reaches the IPv4 host it wraps: name that one too.
    const v6 = address.kind() === 'ipv6' ? (address as ipaddr.IPv6) : undefined;
    const shown = v6?.isIPv4MappedAddress() ? `${text} (${v6.toIPv4Address().toString()})` : text;
    return { shown, ...label };
  }

  /**
   * A drop-in for dns.lookup, given to the HTTP agent: the socket connects only to addresses that
   * pass `checkAddress`. Every address a name has is checked (not only the first), so a name with a
   * public and a private record cannot be raced onto the private one.
   */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      for (const a of addresses) {
        const found = this.classify(a.address);
        if (found) {
          const refusal: Refusal = {
            rule: 'address',
            zh: `${hostname} 解析为 ${found.shown}（${found.zh}），不是公网地址`,
            en: `${hostname} resolves to ${found.shown}, ${found.en}, not a public address`,
          };
          return callback(new RefusedAddressError(refusal), '');
        }
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

  private hostRefusal(hostname: string): Refusal | null {
    // WHATWG URL parsing has already turned 0x7f000001, 2130706433, 127.1 and %31… into 127.0.0.1,
    // and [0:0::1] into [::1]; what is left is a dotted quad, a bracketed IPv6 address or a name.
    if (hostname.startsWith('[')) return this.checkAddress(hostname.slice(1, -1));
    if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return this.checkAddress(hostname);
    const name = hostname.toLowerCase().replace(/\.+$/, '');
    // A name without a dot, or under an internal suffix, is someone's intranet (docker's `temporal`, a
    // `*.local` printer), never a public endpoint; refused without a lookup (none is made at save).
    if (INTERNAL_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`)) || !name.includes('.')) {
      return { rule: 'internal-name', zh: `${hostname} 不是公网域名`, en: `${hostname} is not a public host name` };
    }
    return null;
  }

  /** `…/send?key=…` when `url` is not the endpoint with exactly that one query parameter, else null. */
  private endpointRefusal(url: URL, endpoint: URL, param: string): string | null {
    const shape = `${endpoint.origin}${endpoint.pathname}?${param}=…`;
    if (url.origin !== endpoint.origin || url.pathname !== endpoint.pathname || url.hash) return shape;
    const keys = [...url.searchParams.keys()];
    if (keys.length !== 1 || keys[0] !== param || !url.searchParams.get(param)) return shape;
    return null;
  }
}

/** `refused: … / 拒绝：…`, the stored reason of a delivery the policy stopped. */
export function refusedReason(refusal: Refusal): string {
  return `refused: ${refusal.en} / 拒绝：${refusal.zh}`;
}
