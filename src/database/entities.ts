// Every TypeORM entity of the product, registered once for the API, the worker and the CLI.
import { SelfCheck } from '../system/self-check.entity';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { UserRole } from '../org/user-role.entity';
import { ViceChairPortfolio } from '../org/vice-chair-portfolio.entity';

export const ENTITIES = [SelfCheck, Unit, User, UserRole, ViceChairPortfolio];
