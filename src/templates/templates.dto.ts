// What the template routes answer. A step is documented by the fields a client reads (its kind,
// name, forms, sign-off levels and nested steps); the rest of it (assignees, offsets, audiences)
// is as in the template file, with workflows/template-types.ts and the template schema as reference.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextDto } from '../events/event-state.dto';

const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'integer', 'date', 'datetime', 'boolean', 'select', 'multiselect', 'url', 'list', 'file', 'allocation'];

export class FormFieldOptionDto {
  @ApiProperty() value: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
}

/** A campaign's target (指标), as workflows/campaign-types.ts has it. */
export class AllocationTargetDto {
  @ApiProperty({ example: 'povertyWorkshops' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ enum: ['个', '名', '场', '人次', '次', '件', '%'] }) unit: string;
  @ApiProperty({ example: 100, description: "The plan's figure for the whole city" }) planFigure: number;
  @ApiProperty({ enum: ['total', 'atLeast', 'each'], description: 'total: the shares add up to the figure; atLeast: to at least it; each: every unit is given it' }) allocation: string;
  @ApiPropertyOptional({ description: 'A running total (累计), the default' }) cumulative?: boolean;
  @ApiPropertyOptional({ type: LocalizedTextDto, description: 'Where the plan says it' }) source?: LocalizedTextDto;
}

export class AllocationUnitDto {
  @ApiProperty({ example: 'district-yuzhong' }) code: string;
  @ApiProperty({ example: '渝中区妇联' }) name: string;
}

/** What an allocation field (任务分解表) splits: each target among the units. */
export class AllocationFieldSpecDto {
  @ApiProperty({ type: [AllocationTargetDto] }) targets: AllocationTargetDto[];
  @ApiProperty({ type: [AllocationUnitDto] }) units: AllocationUnitDto[];
}

export class FormFieldDto {
  @ApiProperty({ example: 'theme' }) key: string;
  @ApiProperty({ enum: FORM_FIELD_TYPES, enumName: 'FormFieldType' }) type: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional({ description: 'number/integer bounds' }) min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'text, textarea and list length bounds (characters; items for a list)' }) minLength?: number;
  @ApiPropertyOptional({ type: 'integer' }) maxLength?: number;
  @ApiPropertyOptional({ type: [FormFieldOptionDto], description: 'select and multiselect' }) options?: FormFieldOptionDto[];
  @ApiPropertyOptional({ type: LocalizedTextDto }) help?: LocalizedTextDto;
  @ApiPropertyOptional({ enum: ['id-number', 'phone', 'name', 'contact'], description: 'Personal information the field holds (个人信息): masked for those not entitled to it' })
  personal?: string;
  @ApiPropertyOptional({ type: AllocationFieldSpecDto, description: 'allocation: the targets and the units of the table; its value is unit code → target key → figure' })
  allocation?: AllocationFieldSpecDto;
}

export class FormSpecDto {
  @ApiProperty({ type: [FormFieldDto] }) fields: FormFieldDto[];
}

export class SignOffLevelDto {
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ enum: ['sequential', 'all', 'any'], description: '依次 sequential, 会签 all, 或签 any' }) mode: string;
}

export class ReceiptSpecDto {
  @ApiPropertyOptional({ type: FormSpecDto, description: 'The receipt form (参会回执)' }) form?: FormSpecDto;
}

export class SignOffSpecDto {
  @ApiProperty({ type: [SignOffLevelDto] }) levels: SignOffLevelDto[];
}

export class TemplateBranchDto {
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: () => [TemplateStepDto] }) steps: TemplateStepDto[];
}

/** One step of a template, whole. */
export class TemplateStepDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['task', 'approval', 'notify', 'wait', 'parallel', 'report'] }) type: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: LocalizedTextDto }) description?: LocalizedTextDto;
  @ApiPropertyOptional({ type: FormSpecDto, description: 'A task or report: its form' }) form?: FormSpecDto;
  @ApiPropertyOptional({ type: ReceiptSpecDto, description: 'An official notice: the receipt asked of each unit' }) receipt?: ReceiptSpecDto;
  @ApiPropertyOptional({ type: [SignOffLevelDto], description: 'A sign-off (approval): its levels' }) levels?: SignOffLevelDto[];
  @ApiPropertyOptional({ type: SignOffSpecDto, description: "A report: its sign-off's levels" }) signOff?: SignOffSpecDto;
  @ApiPropertyOptional({ type: [TemplateBranchDto], description: 'A parallel step: its branches' }) branches?: TemplateBranchDto[];
}

export class ProvidedValueDto {
  @ApiProperty({ example: 'draft-decision', description: 'The step whose form holds the value' }) step: string;
  @ApiProperty({ example: 'honourees' }) field: string;
  @ApiProperty({ example: 'issue-decision', description: 'The value is handed on once an event is past this step' }) after: string;
}

export class StepFieldDto {
  @ApiProperty({ example: 'meeting-plan' }) step: string;
  @ApiProperty({ example: 'honourees' }) field: string;
}

export class ReadValueDto {
  @ApiProperty({ example: 'womens-day-110', description: 'The template whose latest event past its step is read from' }) from: string;
  @ApiProperty({ example: 'honourees', description: 'The name the source template provides the value under' }) value: string;
  @ApiProperty({ type: StepFieldDto, description: 'The task field whose form starts from the value' }) into: StepFieldDto;
}

export class TemplateDependencyDto {
  @ApiProperty() template: string;
  @ApiPropertyOptional() step?: string;
}

class TemplateBaseDto {
  @ApiProperty({ example: 'childrens-day-sorting' }) code: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: LocalizedTextDto }) description?: LocalizedTextDto;
  @ApiProperty({ enum: ['activity', 'meeting', 'campaign-task'], description: 'campaign-task: generated from a campaign template (任务分解), started by its campaign, with no report' }) kind: string;
  @ApiProperty({ example: 'dept-family-children' }) leadDepartment: string;
  @ApiProperty({ example: '4h' }) defaultDuration: string;
  @ApiPropertyOptional({ type: TemplateDependencyDto }) dependsOn?: TemplateDependencyDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProvidedValueDto' },
    description: 'Values this template hands on to later events, by name (A1: honourees, collectiveHonourees)',
  })
  provides?: Record<string, ProvidedValueDto>;
  @ApiPropertyOptional({ type: [ReadValueDto], description: "Values this template's events copy at start from an earlier event (M2: A1's honourees)" })
  reads?: ReadValueDto[];
}

export class HandoffStepDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
}

/** The earlier event values were (or would be) copied from. */
export class HandoffSourceDto {
  @ApiProperty({ example: 'womens-day-110' }) template: string;
  @ApiProperty({ type: LocalizedTextDto }) templateName: LocalizedTextDto;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ example: 2027, description: 'The China year the source event starts in' }) year: number;
  @ApiProperty({ description: "false: no event of the reading event's China year was ready, so the latest of another year is read; shown as a warning" })
  sameYear: boolean;
  @ApiProperty({ type: HandoffStepDto, description: 'The step after which the values are final (印发表彰决定)' }) after: HandoffStepDto;
  @ApiProperty({ type: String, nullable: true, example: '渝妇发〔2027〕5号', description: 'The document number of the notice that step issued' }) docNumber: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: 'The title of that notice' }) noticeSubject: LocalizedTextDto | null;
}

/** What an event copied at its start from one earlier event. */
export class HandoffDto {
  @ApiProperty({ type: HandoffSourceDto }) source: HandoffSourceDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Value name (as the source provides it) → value, as copied; masked as the reading step is for the caller' })
  values: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) copiedAt: string | null;
}

/** Before a start: the event each template read from would give, and how many items each value holds. */
export class HandoffPreviewDto {
  @ApiProperty({ example: 'womens-day-110' }) template: string;
  @ApiProperty({ type: LocalizedTextDto }) templateName: LocalizedTextDto;
  @ApiProperty({ type: HandoffSourceDto, nullable: true, description: 'null: there is none yet, and a start would be refused (409)' }) source: HandoffSourceDto | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { honourees: 10, collectiveHonourees: 5 } }) counts: Record<string, number>;
}

export class StepOutlineDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['task', 'approval', 'notify', 'wait', 'parallel', 'report'] }) type: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: () => [BranchOutlineDto], description: 'A parallel step: its branches' }) branches?: BranchOutlineDto[];
}

export class BranchOutlineDto {
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: () => [StepOutlineDto] }) steps: StepOutlineDto[];
}

/** A template in the list: its steps as an outline. */
export class TemplateSummaryDto extends TemplateBaseDto {
  @ApiProperty({ type: [StepOutlineDto] }) steps: StepOutlineDto[];
  @ApiPropertyOptional({
    type: LocalizedTextDto,
    description: "Set when nobody starts the template's events by hand (POST /api/events refuses it): who starts them instead. 发起活动 does not offer it",
  })
  startedBy?: LocalizedTextDto;
}

/** One template, whole. */
export class TemplateDto extends TemplateBaseDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The reminder policy (beforeEvent, taskSla, signOffSla)' })
  reminders?: Record<string, unknown>;
  @ApiProperty({ type: [TemplateStepDto], description: 'The steps, whole, as in the template file' })
  steps: TemplateStepDto[];
}
