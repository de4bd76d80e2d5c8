import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SelfCheckService } from './self-check.service';

@ApiTags('system')
@Controller('system/self-check')
export class SelfCheckController {
  constructor(private readonly selfChecks: SelfCheckService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Run a workflow whose activity writes to PostgreSQL, and return what it wrote' })
  run() {
    return this.selfChecks.run();
  }

  @Get(':workflowId')
  @ApiOperation({ summary: 'Read back a self-check row written by a worker' })
  get(@Param('workflowId') workflowId: string) {
    return this.selfChecks.get(workflowId);
  }
}
