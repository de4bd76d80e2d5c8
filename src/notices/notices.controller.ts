import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { BatchAcknowledgeDto, BatchAcknowledgeResultDto, MyNoticeDto } from './notices.dto';
import { NoticesService } from './notices.service';

export class MyNoticesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'acknowledged'], description: "pending: still to sign (a cancelled or archived event's receipts are not); acknowledged: signed" })
  @IsOptional()
  @IsIn(['pending', 'acknowledged'], { message: 'status 只能是 pending 或 acknowledged / status must be pending or acknowledged' })
  status?: 'pending' | 'acknowledged';
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: "Official notices addressed to the units the caller answers for (签收): pending first, then acknowledged" })
  @ApiOkResponse({ type: [MyNoticeDto] })
  @ApiErrors(400, 401)
  mine(@CurrentUser() user: AuthUser, @Query() query: MyNoticesQuery) {
    return this.notices.mine(user, query.status);
  }

  @Post('acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Batch 签收: acknowledge several receipts at once, each as its own acknowledge; the answer says per receipt whether it was taken or why not',
  })
  @ApiOkResponse({ type: BatchAcknowledgeResultDto })
  @ApiErrors(400, 401)
  acknowledgeAll(@CurrentUser() user: AuthUser, @Body() dto: BatchAcknowledgeDto) {
    return this.notices.acknowledgeAll(user, dto);
  }
}
