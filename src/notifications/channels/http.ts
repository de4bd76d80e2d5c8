// POSTing JSON to robots and webhooks, with a time limit; any non-2xx is a failure.
import { DeliveryError } from './channel';

export interface JsonReply {
  status: number;
  text: string;
}

export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<JsonReply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'fulian-flow', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as Error & { cause?: Error };
    throw new DeliveryError(e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${e.cause ? `: ${e.cause.message}` : ''}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status > 299) {
    // 4xx means the request itself is wrong (a revoked robot, a bad URL): retrying will not help,
    // except for a timeout or a rate limit.
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`, permanent);
  }
  return { status: res.status, text };
}

/** WeCom and DingTalk answer 200 with `{ errcode, errmsg }`; anything but errcode 0 did not arrive. */
export function checkRobotReply(reply: JsonReply): void {
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(reply.text) as typeof parsed;
  } catch {
    throw new DeliveryError(`robot answered HTTP ${reply.status} without JSON: ${reply.text.slice(0, 200)}`);
  }
  if (parsed.errcode !== 0) throw new DeliveryError(`errcode ${JSON.stringify(parsed.errcode)}: ${JSON.stringify(parsed.errmsg ?? '')}`);
}
