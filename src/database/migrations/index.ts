// Every migration, in order. Schema changes happen only here (synchronize is off everywhere).
import { SystemChecks1764576000000 } from './1764576000000-SystemChecks';
import { Organisation1764576100000 } from './1764576100000-Organisation';
import { EventReadModel1764576200000 } from './1764576200000-EventReadModel';
import { NotificationDelivery1764576300000 } from './1764576300000-NotificationDelivery';
import { EventIdempotencyKeys1764576600000 } from './1764576600000-EventIdempotencyKeys';
import { SessionsAndLockouts1765100000000 } from './1765100000000-SessionsAndLockouts';
import { ScrubDeliveryErrors1765200000000 } from './1765200000000-ScrubDeliveryErrors';
import { LoginThrottle1765300000000 } from './1765300000000-LoginThrottle';
import { ReadModelDetail1765400000000 } from './1765400000000-ReadModelDetail';

export const MIGRATIONS = [SystemChecks1764576000000, Organisation1764576100000, EventReadModel1764576200000, NotificationDelivery1764576300000, EventIdempotencyKeys1764576600000, SessionsAndLockouts1765100000000, ScrubDeliveryErrors1765200000000, LoginThrottle1765300000000, ReadModelDetail1765400000000];
