// What every delivery channel is: one small class that puts one message on the wire and says
// whether it arrived. The dispatcher owns retries, backoff and dead letters.
import type { CalendarPayload } from '../../../workflows/calendar-payload';
import type { LocalizedText } from '../../../workflows/template-types';

export const CHANNELS = ['email', 'wecom', 'dingtalk', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const ROBOT_CHANNELS = ['wecom', 'dingtalk', 'webhook'] as const satisfies readonly ChannelName[];
export type RobotChannelName = (typeof ROBOT_CHANNELS)[number];

/** One row of the outbox, as the dispatcher claimed it. */
export interface Delivery {
  id: string;
  notificationId: string;
  channel: ChannelName;
  /** An email address, or the robot's or webhook's URL. */
  target: string;
  /** This attempt's number (1 for the first); also the fencing token of the claim. */
  attempts: number;
}

/** The notification a delivery carries, with what the channels need to address and sign it. */
export interface OutboundMessage {
  notificationId: string;
  kind: string;
  eventId: string | null;
  eventTitle: string | null;
  stepId: string | null;
  /** The task it is about: an email links to the page where the recipient acts. */
  taskId: string | null;
  /** The page the sender stored for it, when neither a task nor the event names it (a campaign unit's). */
  link?: string | null;
  subject: LocalizedText;
  body: LocalizedText;
  calendar: CalendarPayload | null;
  createdAt: Date;
  recipient: { id: string; username: string; displayName: string };
  unit: { code: string; nameZh: string; nameEn: string };
  /** A person's own channel, or their unit's robot (which hears a notice once for the whole unit). */
  audience: 'person' | 'unit';
  /** DingTalk signing secret or webhook HMAC key, from the preference. */
  secret: string | null;
}

export interface DeliveryChannel {
  readonly name: ChannelName;
  /** Resolves when the far end accepted the message; throws DeliveryError (or any error) when not. */
  send(delivery: Delivery, message: OutboundMessage): Promise<{ messageId?: string }>;
  close?(): Promise<void>;
}

/** A failed send. `permanent` failures (a refused address, a 4xx) are not worth retrying. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
