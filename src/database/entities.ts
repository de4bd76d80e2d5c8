// Every TypeORM entity of the product, registered once for the API, the worker and the CLI.
import { SelfCheck } from '../system/self-check.entity';

export const ENTITIES = [SelfCheck];
