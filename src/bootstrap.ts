// Creating the Nest application for each entry point, and stopping it cleanly on a signal.
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { createApiDocument, methodNotAllowedHandler } from './common/openapi';
import { RejectNulCharactersPipe, useBodyParsers } from './common/request-guards';
import { useSecurityHeaders } from './common/security-headers';
import { BilingualValidationPipe } from './common/validation-messages';
import { installTemporalRuntime } from './temporal/runtime';

export async function createApi(options: AppModuleOptions): Promise<INestApplication> {
  if (options.config.roles.worker) installTemporalRuntime(options.logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestPinoLogger));
  // Which peers may name the client's address (X-Forwarded-For): the sign-in limit counts per address.
  app.set('trust proxy', options.config.auth.trustProxy);
  useSecurityHeaders(app, options.config.http.publicUrl);
  useBodyParsers(app);
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(new RejectNulCharactersPipe(), new BilingualValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const document = createApiDocument(app);
  app.use(methodNotAllowedHandler(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.listen(options.config.http.port, options.config.http.host);
  return app;
}

export async function createWorkerContext(options: AppModuleOptions): Promise<INestApplicationContext> {
  installTemporalRuntime(options.logger);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(options), { bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  await app.init();
  return app;
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function stopOnSignal(stop: () => Promise<void>, log: (msg: string) => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal} received: stopping (the worker finishes its in-flight activities first)`);
    stop().then(
      () => process.exit(0),
      (err: Error) => {
        log(`Stopping failed: ${err.stack ?? err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
