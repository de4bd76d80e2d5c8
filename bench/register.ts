// Lets `node -r ./bench/register.ts bench/main.ts` run the benchmarks from TypeScript: Node loads this
// file as plain JavaScript (so it uses no TypeScript syntax), then compiles every .ts it requires
// with SWC, keeping decorator metadata as Jest's transform does.
/* eslint-disable @typescript-eslint/no-require-imports */
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  Reflect.apply(Reflect.get(module, '_compile'), module, [code, filename]);
};
