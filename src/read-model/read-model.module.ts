import { Module } from '@nestjs/common';
import { ReadModelRepository } from './read-model.repository';

/** The read model's repository, for the services that read events, tasks and notices. */
@Module({ providers: [ReadModelRepository], exports: [ReadModelRepository] })
export class ReadModelModule {}
