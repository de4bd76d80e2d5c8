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
import { Attachments1765500300000 } from './1765500300000-Attachments';
import { TurnNotifications1765500000000 } from './1765500000000-TurnNotifications';
import { TaskDrafts1765500100000 } from './1765500100000-TaskDrafts';
import { CcAndAddedSigners1765500200000 } from './1765500200000-CcAndAddedSigners';
import { SubmissionIndexes1765500400000 } from './1765500400000-SubmissionIndexes';
import { Documents1765600000000 } from './1765600000000-Documents';
import { ArchiveRecords1765600100000 } from './1765600100000-ArchiveRecords';
import { EventHandoffs1765600200000 } from './1765600200000-EventHandoffs';
import { WorkingCalendar1765600300000 } from './1765600300000-WorkingCalendar';
import { Campaigns1765700000000 } from './1765700000000-Campaigns';
import { CampaignRecords1765700100000 } from './1765700100000-CampaignRecords';

export const MIGRATIONS = [SystemChecks1764576000000, Organisation1764576100000, EventReadModel1764576200000, NotificationDelivery1764576300000, EventIdempotencyKeys1764576600000, SessionsAndLockouts1765100000000, ScrubDeliveryErrors1765200000000, LoginThrottle1765300000000, ReadModelDetail1765400000000, TurnNotifications1765500000000, TaskDrafts1765500100000, CcAndAddedSigners1765500200000, Attachments1765500300000, SubmissionIndexes1765500400000, Documents1765600000000, ArchiveRecords1765600100000, EventHandoffs1765600200000, WorkingCalendar1765600300000, Campaigns1765700000000, CampaignRecords1765700100000];
