// The per-address limit on sign-in and password change (@nestjs/throttler; the counts live in
// PostgreSQL, see login-throttle-storage.ts, so all API processes share them). The client's address
// is Express's req.ip, which follows TRUST_PROXY: behind a reverse proxy, name it there, or every
// attempt counts under the proxy's own address.
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../common/domain-error';
import { AUTH_MESSAGES, retryIn } from './auth.messages';

/**
 * Whose attempts count together. An IPv4 address is one client; an IPv6 client is handed a whole
 * /64 (it can pick any address inside it), so the /64 is the client. An IPv4-mapped IPv6 address
 * (::ffff:192.0.2.7, what a dual-stack socket reports) is its IPv4 address.
 */
export function clientBucket(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip ?? '';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const [a, b, c, d] = (address as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toString()}/64`;
}

/** The throttler's own 429, but with our bilingual body (and its Retry-After header kept). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(clientBucket(req.ip as string | undefined));
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { zh, en } = retryIn(AUTH_MESSAGES.tooManyRequests, detail.timeToBlockExpire);
    const error = new DomainError('TOO_MANY', zh, en);
    error.retryAfterSeconds = detail.timeToBlockExpire;
    return Promise.reject(error);
  }
}
