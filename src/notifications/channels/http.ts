// POSTing JSON to robots and webhooks: the URL checked against the outbound policy before each send,
// the resolved address checked as the socket connects, no redirects followed, a time limit, and a
// bounded read of the answer. A failure keeps only a short status line of our own wording: the far
// end's body (which may be anyone's text, or a probe's loot) is never stored or shown.
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Agent, buildConnector, fetch, type Response } from 'undici';
import { DeliveryError, type RobotChannelName } from './channel';
import { RefusedAddressError, refusedReason, type OutboundPolicy } from './outbound-policy';

export interface JsonReply {
  status: number;
  text: string;
}

/** Robots answer a few hundred bytes of JSON; more than this is not a robot's answer. */
const MAX_REPLY_BYTES = 64 * 1024;

export class OutboundHttp {
  private readonly agent: Agent;

  constructor(
    readonly policy: OutboundPolicy,
    private readonly timeoutMs: number,
  ) {
    this.agent = guardedAgent(policy, timeoutMs);
  }

  /**
   * Checks `target` (the stored URL) against the rules of `channel`, then POSTs to `url` — the target
   * itself, or the target with signing parameters added. Resolves on 2xx; throws DeliveryError.
   */
  async postJson(channel: RobotChannelName, target: string, body: string, headers: Record<string, string>, url = target): Promise<JsonReply> {
    // Only the stored URL is checked: `url` differs from it by our own signing parameters alone, and
    // whatever it resolves to is checked again as the socket connects.
    const refusal = this.policy.checkUrl(channel, target);
    if (refusal) throw new DeliveryError(refusedReason(refusal), true);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'fulian-flow', ...headers },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
        dispatcher: this.agent,
      });
    } catch (err) {
      throw failureOf(err, this.timeoutMs);
    }
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel().catch(() => undefined);
      const line = statusLine(res.status);
      // A redirect could lead anywhere (an internal address included): it is never followed.
      if (res.status >= 300 && res.status < 400) throw new DeliveryError(`${line}: redirects are not followed`, true);
      // 4xx means the request itself is wrong (a revoked robot, a bad URL): retrying will not help,
      // except for a timeout or a rate limit.
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new DeliveryError(line, permanent);
    }
    let text: string;
    try {
      text = await readCapped(res, MAX_REPLY_BYTES);
    } catch (err) {
      throw failureOf(err, this.timeoutMs);
    }
    return { status: res.status, text };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * An HTTP agent that connects only to addresses the policy lets through. A name is checked by the
 * lookup, with every address it resolves to, as the socket connects (so DNS rebinding between the
 * URL check and the connection gains nothing); an address literal never reaches a lookup, so it is
 * checked here. Plain HTTP and TLS both go through it.
 */
export function guardedAgent(policy: OutboundPolicy, connectTimeoutMs: number): Agent {
  const connector = buildConnector({ lookup: policy.lookup, timeout: connectTimeoutMs });
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      const refusal = isIP(host) ? policy.checkAddress(host) : null;
      if (refusal) {
        callback(new RefusedAddressError(refusal), null);
        return;
      }
      connector(options, callback);
    },
  });
}

/** `HTTP 500 Internal Server Error`, in Node's words: the far end's reason phrase is its own text. */
export function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
}

/**
 * WeCom and DingTalk answer 200 with `{ errcode, errmsg }`; anything but errcode 0 did not arrive.
 * Only the number is kept: it is what both vendors document, and `errmsg` is the far end's free text
 * (hints, our egress IP, whatever a look-alike server chooses to say), not something to store or show.
 */
export function checkRobotReply(reply: JsonReply): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.text);
  } catch {
    throw new DeliveryError(`robot answered ${statusLine(reply.status)} without JSON`);
  }
  const errcode = typeof parsed === 'object' && parsed !== null ? (parsed as { errcode?: unknown }).errcode : undefined;
  if (errcode === 0) return;
  throw new DeliveryError(Number.isSafeInteger(errcode) ? `errcode ${String(errcode)}` : 'robot answered without a numeric errcode');
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new DeliveryError(`answer longer than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A network failure in a few words of our own: a refused address, a timeout, or the socket's error code. */
function failureOf(err: unknown, timeoutMs: number): DeliveryError {
  if (err instanceof DeliveryError) return err;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RefusedAddressError) return new DeliveryError(refusedReason(e.refusal), true);
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || (e as { code?: unknown }).code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new DeliveryError(`no answer within ${timeoutMs} ms`);
    }
  }
  const cause = err instanceof Error ? ((err as { cause?: unknown }).cause ?? err) : err;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return new DeliveryError(`connection failed: ${code}`);
  return new DeliveryError('connection failed');
}
