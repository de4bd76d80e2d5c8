// The web app (web/, built by Vite into web/dist) served at `/` by the API process, with the
// client-side routes falling back to index.html; /api and /health stay with their controllers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject, Logger, Module, type DynamicModule } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServeStaticModule } from '@nestjs/serve-static';
import { Public } from '../auth/public.decorator';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { projectRoot } from '../infra/project-root';

export function webRoot(): string {
  return join(projectRoot(), 'web', 'dist');
}

/** What the browser needs to know about this installation before anyone signs in. */
@ApiTags('web')
@Controller('web')
export class WebConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'Settings the web app reads at start: where the Temporal Web UI is, the namespace, and the largest file (附件) accepted' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['temporalUiUrl', 'namespace', 'attachmentMaxBytes'],
      properties: { temporalUiUrl: { type: 'string', nullable: true }, namespace: { type: 'string' }, attachmentMaxBytes: { type: 'integer' } },
    },
  })
  get(): { temporalUiUrl: string | null; namespace: string; attachmentMaxBytes: number } {
    return { temporalUiUrl: this.config.temporal.uiUrl ?? null, namespace: this.config.temporal.namespace, attachmentMaxBytes: this.config.attachments.maxBytes };
  }
}

@Module({})
export class WebModule {
  static forRoot(): DynamicModule {
    const root = webRoot();
    const built = existsSync(join(root, 'index.html'));
    if (!built) new Logger('WebModule').warn(`The web app is not built (${root} has no index.html): \`npm run build\` builds it`);
    return {
      module: WebModule,
      imports: built
        ? [
            ServeStaticModule.forRoot({
              rootPath: root,
              exclude: ['/api/{*path}', '/health'],
              serveStaticOptions: {
                // Vite puts a content hash in every asset's name; index.html itself is never cached.
                setHeaders: (res, path) =>
                  res.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
              },
            }),
          ]
        : [],
      controllers: [WebConfigController],
    };
  }
}
