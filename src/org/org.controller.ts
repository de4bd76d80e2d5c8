// Pickers for the web app: units and people to choose as participants, approvers, recipients.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { ApiErrors } from '../common/api-errors';
import { DirectoryService, type UnitRef, type UserRef } from './directory.service';
import { ListUnitsQuery, ListUsersQuery, UnitDto, UserRefDto } from './org.dto';

@ApiTags('org')
@ApiBearerAuth()
@ApiErrors(401, 400)
@Access('org.read')
@Controller('org')
export class OrgController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('units')
  @ApiOperation({ summary: 'Units of the organisation, in their official order' })
  @ApiOkResponse({ type: [UnitDto] })
  units(@Query() query: ListUnitsQuery): Promise<UnitRef[]> {
    return this.directory.listUnits(query.kind);
  }

  @Get('users')
  @ApiOperation({ summary: 'Active users, by role and/or unit' })
  @ApiOkResponse({ type: [UserRefDto] })
  async users(@Query() query: ListUsersQuery): Promise<Omit<UserRef, 'email'>[]> {
    // A picker needs who and where, not how to reach them: every signed-in user may list everyone,
    // so the email address (personal data; notifications look it up themselves) stays out.
    const users = await this.directory.listUsers({ role: query.role, unit: query.unit });
    return users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, unitCode: u.unitCode, locale: u.locale }));
  }
}
