import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { SelfCheckService } from './self-check.service';

@ApiTags('system')
@ApiBearerAuth()
@Roles('admin')
@Controller('system/self-check')
export class SelfCheckController {
  constructor(private readonly selfChecks: SelfCheckService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Run a workflow whose activity writes to PostgreSQL, and return what it wrote' })
  run(@CurrentUser() user: AuthUser) {
    return this.selfChecks.run(user.username);
  }

  @Get(':workflowId')
  @ApiOperation({ summary: 'Read back a self-check row written by a worker' })
  get(@Param('workflowId') workflowId: string) {
    return this.selfChecks.get(workflowId);
  }
}
