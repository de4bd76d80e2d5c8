// The web app's API types (web/src/api/schema.d.ts) are generated from an OpenAPI document built
// without starting anything (Nest's preview mode, src/cli/api-types.ts). That document must be the
// one the running API serves, and the checked-in types must be those of it.
import { spawnSync } from 'node:child_process';
import { buildApiDocument } from '../../src/cli/api-types';
import { projectRoot } from '../../src/infra/project-root';
import { startTestApp, type TestApp } from '../support/shared';

describe('generated API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('come from the very document the API serves at /api/docs-json, and are checked in up to date', async () => {
    const served = (await (await fetch(`${t.baseUrl}/api/docs-json`)).json()) as Awaited<ReturnType<typeof buildApiDocument>>;
    const built = JSON.parse(JSON.stringify(await buildApiDocument())) as typeof served;
    expect(built).toEqual(served);
    // openapi-typescript is an ES module Jest's runtime cannot load: the check runs as `npm run typecheck` runs it.
    const check = spawnSync(process.execPath, ['-r', './bench/register.ts', 'src/cli/api-types.ts', '--check'], { cwd: projectRoot(), encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
