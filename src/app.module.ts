import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { AuthModule } from './auth/auth.module';
import { DomainErrorFilter } from './common/domain-error';
import { EventsModule } from './events/events.module';
import { TasksModule } from './tasks/tasks.module';
import { TemplatesModule } from './templates/templates.module';
import { AppConfigModule } from './config/config.module';
import { databaseUrlOf, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrgModule } from './org/org.module';
import { SystemModule } from './system/system.module';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { TemporalWorkerModule } from './temporal/worker.module';
import type { WorkflowSource } from './temporal/worker.service';
import { NoticesModule } from './notices/notices.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { DocumentsModule } from './documents/documents.module';
import { ExportsModule } from './exports/exports.module';
import { YearsModule } from './years/years.module';
import { WebModule } from './web/web.module';
import { CalendarModule } from './calendar/calendar.module';
import { ArchiveModule } from './archive/archive.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { SelectionsModule } from './selections/selections.module';
import { redactRequest, redaction } from './logging/logger';

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  /** Where the worker gets its workflow code; defaults to bundling workflows/ at start. */
  workflows?: WorkflowSource;
}

@Module({})
export class AppModule {
  /** One module tree for every process: the API, the worker, or both, as the config's roles say. */
  static forRoot({ config, logger, workflows }: AppModuleOptions): DynamicModule {
    const workerModule = config.roles.worker ? TemporalWorkerModule.forRoot(workflows) : undefined;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Express 5 route syntax; the library's default '*' draws a deprecation warning.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger,
            // Applied to the request logger whichever root logger is given (tests pass their own).
            ...redaction,
            serializers: { req: redactRequest },
            quietReqLogger: true,
            autoLogging: { ignore: (req) => req.url === '/health' },
            customProps: (req) => {
              const eventId = /^\/api\/events\/([^/?]+)/.exec(req.url ?? '')?.[1];
              return eventId ? { eventId, workflowId: `event-${eventId}` } : {};
            },
          },
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrlOf(config), config.database.poolSize),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TemporalClientModule,
        ...(workerModule ? [workerModule] : []),
        ...(config.roles.api
          ? [
              HealthModule.forRoot(workerModule),
              AccessModule,
              SystemModule,
              OrgModule,
              AuthModule,
              TemplatesModule,
              EventsModule,
              TasksModule,
              NotificationsModule,
              NoticesModule,
              AttachmentsModule,
              DocumentsModule,
              ExportsModule,
              YearsModule,
              CalendarModule,
              ArchiveModule,
              CampaignsModule,
              SelectionsModule,
              WebModule.forRoot(),
            ]
          : []),
      ],
      providers: config.roles.api ? [{ provide: APP_FILTER, useClass: DomainErrorFilter }] : [],
    };
  }
}
