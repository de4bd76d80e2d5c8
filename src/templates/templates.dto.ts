// What the template routes answer. Steps stay free-form objects here: their fields depend on the
// step type, and workflows/template-types.ts with the template schema is their reference.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextDto } from '../events/event-state.dto';

export class TemplateDependencyDto {
  @ApiProperty() template: string;
  @ApiPropertyOptional() step?: string;
}

class TemplateBaseDto {
  @ApiProperty({ example: 'childrens-day-sorting' }) code: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: LocalizedTextDto }) description?: LocalizedTextDto;
  @ApiProperty({ enum: ['activity', 'meeting'] }) kind: string;
  @ApiProperty({ example: 'dept-family-children' }) leadDepartment: string;
  @ApiProperty({ example: '4h' }) defaultDuration: string;
  @ApiPropertyOptional({ type: TemplateDependencyDto }) dependsOn?: TemplateDependencyDto;
}

export class StepOutlineDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['task', 'approval', 'notify', 'wait', 'parallel', 'report'] }) type: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'A parallel step: its branches, each with name and steps' })
  branches?: { name: LocalizedTextDto; steps: StepOutlineDto[] }[];
}

/** A template in the list: its steps as an outline. */
export class TemplateSummaryDto extends TemplateBaseDto {
  @ApiProperty({ type: [StepOutlineDto] }) steps: StepOutlineDto[];
}

/** One template, whole. */
export class TemplateDto extends TemplateBaseDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The reminder policy (beforeEvent, taskSla, signOffSla)' })
  reminders?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The steps, whole, as in the template file' })
  steps: Record<string, unknown>[];
}
