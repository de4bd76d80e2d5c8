import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Access } from '../access/access.decorator';
import { ApiErrors } from '../common/api-errors';
import { SelfCheckService } from './self-check.service';

@ApiTags('system')
@ApiBearerAuth()
@Access('admin.self-check')
@ApiErrors(401, 403)
@Controller('system/self-check')
export class SelfCheckController {
  constructor(private readonly selfChecks: SelfCheckService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Run a workflow whose activity writes to PostgreSQL, and return what it wrote' })
  @ApiResponse({ status: 201, type: () => SelfCheckRecordDto })
  @ApiErrors(503)
  run(@CurrentUser() user: AuthUser) {
    return this.selfChecks.run(user.username);
  }

  @Get(':workflowId')
  @ApiOperation({ summary: 'Read back a self-check row written by a worker' })
  @ApiOkResponse({ type: () => SelfCheckRecordDto })
  @ApiErrors(400, 404)
  get(@Param('workflowId') workflowId: string) {
    return this.selfChecks.get(workflowId);
  }
}

class SelfCheckRecordDto {
  @ApiProperty({ example: 'self-check-0b7c…' }) workflowId: string;
  @ApiProperty({ type: 'string', nullable: true }) requestedBy: string | null;
  @ApiProperty() workerIdentity: string;
  @ApiProperty({ type: 'integer' }) activityAttempt: number;
  @ApiProperty({ type: 'string', format: 'date-time' }) databaseTime: string;
}
