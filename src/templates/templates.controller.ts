import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { EventTemplate } from '../../workflows/template-types';
import { Access } from '../access/access.decorator';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { IsInstant } from '../common/instant';
import { startedElsewhere } from '../events/started-elsewhere';
import { HandoffService } from './handoff.service';
import { TemplateRegistry } from './template-registry.service';
import { HandoffDto, HandoffPreviewDto, ProvidedValueDto, TemplateDto, TemplateSummaryDto } from './templates.dto';

export class HandoffPreviewQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'When the new event would start: a source of the same year (China time) is preferred; defaults to now' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;
}

@ApiTags('templates')
@ApiBearerAuth()
@ApiErrors(401)
@ApiExtraModels(ProvidedValueDto, HandoffDto)
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly registry: TemplateRegistry,
    private readonly handoffs: HandoffService,
    private readonly access: AccessService,
  ) {}

  @Get()
  @Access('template.read')
  @ApiOperation({ summary: 'The event and meeting templates, with their names in Chinese and English' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list() {
    const campaigns = this.registry.campaigns();
    return this.registry.list().map((t) => ({
      code: t.code,
      version: t.version,
      name: t.name,
      description: t.description,
      kind: t.kind,
      leadDepartment: t.leadDepartment,
      defaultDuration: t.defaultDuration,
      dependsOn: t.dependsOn,
      provides: t.provides,
      reads: t.reads,
      steps: outline(t.steps),
      startedBy: startedElsewhere(t, campaigns)?.field,
    }));
  }

  @Get(':code')
  @Access('template.read')
  @ApiOperation({ summary: 'One template, whole' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiErrors(400, 404)
  get(@Param('code') code: string): EventTemplate {
    return this.registry.get(code);
  }

  @Get(':code/handoff')
  @ApiOperation({
    summary: 'Before a start: the earlier event each value the template reads would be copied from, and how many items it holds',
    description: 'For those who may start the template. An entry whose source is null means a start would be refused (409) now.',
  })
  @ApiOkResponse({ type: [HandoffPreviewDto] })
  @ApiErrors(400, 403, 404)
  async handoff(@CurrentUser() user: AuthUser, @Param('code') code: string, @Query() q: HandoffPreviewQuery) {
    const template = this.registry.get(code);
    await this.access.require(user, 'template.handoff-preview', { event: { leadUnit: template.leadDepartment } }, [
      '只能查看本部门牵头的模板将读取的活动',
      `Only organisers of ${template.leadDepartment} can see what this template reads`,
    ]);
    return this.handoffs.preview(template, q.startsAt ?? new Date().toISOString());
  }
}

/** The steps as a picker shows them: id, type and name, branches nested. */
function outline(steps: EventTemplate['steps']): unknown[] {
  return steps.map((s) => ({
    id: s.id,
    type: s.type,
    name: s.name,
    ...(s.type === 'parallel' ? { branches: s.branches.map((b) => ({ name: b.name, steps: outline(b.steps) })) } : {}),
  }));
}
