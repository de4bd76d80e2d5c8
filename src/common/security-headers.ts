// The headers every answer carries (web app, API, docs, /health): a Content-Security-Policy the web
// app and the Swagger UI run under, no framing, no MIME sniffing, no referrer, and no
// `X-Powered-By` telling a scanner which framework to try.
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy. Scripts only from this origin: the Vite build emits no inline script
 * (web/dist/index.html loads /assets/*.js), and the Swagger UI's start-up script is served as a file
 * (/api/docs/swagger-ui-init.js). Styles also inline, because Ant Design's CSS-in-JS injects
 * <style> elements at run time, ECharts' tooltips and the Swagger UI carry style attributes; an
 * injected style cannot run code, an injected script could. Images may be data:/blob: URLs (the
 * Swagger UI's icons, an ECharts chart saved as a picture).
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only behind https: on a plain-http intranet address it would send the browser to a port
    // that does not answer.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Installs the headers; call before anything else answers (the static files of the web app, the
 * body parsers' refusals). HSTS only when PUBLIC_URL is https — telling a browser to insist on
 * https for an address served over http would lock people out — and without includeSubDomains,
 * which would bind the federation's other sites too.
 */
export function useSecurityHeaders(app: NestExpressApplication, publicUrl: string): void {
  const https = new URL(publicUrl).protocol === 'https:';
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
      strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Calendar apps fetch the .ics feed from their own servers, not from a page: same-origin does not hinder them.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
}
