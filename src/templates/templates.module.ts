import { Module } from '@nestjs/common';
import { HandoffService } from './handoff.service';
import { TemplateRegistry } from './template-registry.service';
import { TemplatesController } from './templates.controller';

@Module({
  controllers: [TemplatesController],
  providers: [TemplateRegistry, HandoffService],
  exports: [TemplateRegistry, HandoffService],
})
export class TemplatesModule {}
