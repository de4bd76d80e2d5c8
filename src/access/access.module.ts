// The one access policy, for every module of the API (global: services inject AccessService
// without importing this module).
import { Global, Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { AccessGuard } from './access.decorator';
import { AccessService } from './access.service';

@Global()
@Module({
  imports: [TemplatesModule],
  providers: [AccessService, AccessGuard],
  exports: [AccessService, AccessGuard],
})
export class AccessModule {}
