import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder holding the product's package.json, whether running from src/ or dist/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fulian-flow') {
      return (root = dir);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json of fulian-flow not found above ${__dirname}`);
    dir = up;
  }
}
