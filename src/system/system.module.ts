import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SelfCheckController } from './self-check.controller';
import { SelfCheck } from './self-check.entity';
import { SelfCheckService } from './self-check.service';

@Module({
  imports: [TypeOrmModule.forFeature([SelfCheck])],
  controllers: [SelfCheckController],
  providers: [SelfCheckService],
})
export class SystemModule {}
