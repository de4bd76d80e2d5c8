// Every migration, in order. Schema changes happen only here (synchronize is off everywhere).
import { SystemChecks1764576000000 } from './1764576000000-SystemChecks';

export const MIGRATIONS = [SystemChecks1764576000000];
