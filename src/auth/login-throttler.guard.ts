// The per-address limit on sign-in and password change (@nestjs/throttler, in memory per API
// process). The client's address is Express's req.ip, which follows TRUST_PROXY: behind a reverse
// proxy, name it there, or every attempt counts under the proxy's own address.
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../common/domain-error';
import { AUTH_MESSAGES, retryIn } from './auth.messages';

/** The throttler's own 429, but with our bilingual body (and its Retry-After header kept). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { zh, en } = retryIn(AUTH_MESSAGES.tooManyRequests, detail.timeToBlockExpire);
    const error = new DomainError('TOO_MANY', zh, en);
    error.retryAfterSeconds = detail.timeToBlockExpire;
    return Promise.reject(error);
  }
}
