// The API's OpenAPI document, built from the controllers' metadata, and the finishing touches that
// make it promise what the API does. The same document is served at /api/docs-json and turned into
// the web app's types (src/cli/api-types.ts).
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './api-errors';

type Schema = Record<string, unknown>;

/** The document of an application whose routes are registered (its global prefix set). */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('fulian-flow')
      .setDescription("Events and meetings of the women's federation, run as Temporal workflows")
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  closeRequestBodySchemas(document);
  return document;
}

/**
 * Request bodies refuse unknown fields (the ValidationPipe forbids them), so their schemas, and the
 * schemas nested in them, say `additionalProperties: false` unless they say otherwise (free-form
 * form values do). Without it a client — or a fuzzer — reading the document would send extra fields
 * in good faith and be refused.
 */
export function closeRequestBodySchemas(document: OpenAPIObject): void {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<string>();
  const visit = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object') return;
    const s = schema as Schema;
    if (typeof s.$ref === 'string') {
      const name = s.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      visit(components[name]);
      return;
    }
    if (s.type === 'object' || s.properties) {
      if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
      for (const inner of Object.values((s.properties ?? {}) as Record<string, unknown>)) visit(inner);
    }
    if (s.items) visit(s.items);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) (s[key] as unknown[] | undefined)?.forEach(visit);
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { requestBody?: { content?: Record<string, { schema?: unknown }> } }[]) {
      for (const media of Object.values(operation?.requestBody?.content ?? {})) visit(media.schema);
    }
  }
}

/**
 * A documented path asked with a method it does not have is answered 405 with `Allow` (RFC 9110),
 * not Express's 404, so a client can tell a wrong method from a wrong address. The paths and methods
 * come from the document itself; register before the routes.
 */
export function methodNotAllowedHandler(document: OpenAPIObject): (req: Request, res: Response, next: NextFunction) => void {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
    const methods = Object.keys(item)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(m))
      .map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { regex: new RegExp(`^${pattern}/?$`), methods };
  });
  return (req, res, next) => {
    const route = routes.find((r) => r.regex.test(req.path));
    if (!route || route.methods.includes(req.method) || req.method === 'OPTIONS') return next();
    res.setHeader('Allow', route.methods.join(', '));
    res.status(405).json(
      errorBody(405, 'INVALID', { 'zh-CN': `不支持 ${req.method} 方法（可用：${route.methods.join('、')}）`, en: `Method ${req.method} not allowed here (allowed: ${route.methods.join(', ')})` }),
    );
  };
}
