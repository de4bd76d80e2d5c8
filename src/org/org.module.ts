// The organisation directory. Importable on its own (the worker side needs DirectoryService too);
// it only needs the DataSource that TypeOrmModule.forRoot provides.
import { Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { OrgController } from './org.controller';

@Module({
  controllers: [OrgController],
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class OrgModule {}
