import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventTemplate } from '../../workflows/template-types';
import { Access } from '../access/access.decorator';
import { ApiErrors } from '../common/api-errors';
import { TemplateRegistry } from './template-registry.service';
import { TemplateDto, TemplateSummaryDto } from './templates.dto';

@ApiTags('templates')
@ApiBearerAuth()
@ApiErrors(401)
@Access('template.read')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly registry: TemplateRegistry) {}

  @Get()
  @ApiOperation({ summary: 'The event and meeting templates, with their names in Chinese and English' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list() {
    return this.registry.list().map((t) => ({
      code: t.code,
      version: t.version,
      name: t.name,
      description: t.description,
      kind: t.kind,
      leadDepartment: t.leadDepartment,
      defaultDuration: t.defaultDuration,
      dependsOn: t.dependsOn,
      steps: outline(t.steps),
    }));
  }

  @Get(':code')
  @ApiOperation({ summary: 'One template, whole' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiErrors(400, 404)
  get(@Param('code') code: string): EventTemplate {
    return this.registry.get(code);
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
