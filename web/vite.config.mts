// The web app: built into web/dist and served by the API process at `/` (src/web/web.module.ts).
// JSX is compiled by Vite's own transform (Oxc); in development `npm run dev:web` proxies the API.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * The most JavaScript, gzipped, that the browser may load for /login before anyone can type: the
 * entry, the login page's chunk, and every chunk those import statically. Kilobytes of 1000 bytes.
 */
export const LOGIN_PAGE_BUDGET_KB = 300;

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
}

/** The chunks the login page loads, and their gzipped size in bytes. */
export function loginPageScripts(bundle: Record<string, { type: string }>): { files: string[]; gzipBytes: number } {
  const chunks = Object.values(bundle).filter((o): o is ChunkLike => o.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const login = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith('/src/pages/LoginPage.tsx'));
  if (!login) throw new Error('the login page has no chunk of its own (is it still loaded with React.lazy?)');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of byFile.get(file)?.imports ?? []) visit(imported);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  visit(login.fileName);
  const files = [...seen].sort();
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(byFile.get(f)!.code).length, 0);
  return { files, gzipBytes };
}

/** Fails the build when the login page's JavaScript grows past its budget, naming the figure. */
function loginPageBudget(budgetKb: number): Plugin {
  return {
    name: 'fulian-login-page-budget',
    apply: 'build',
    // Once the files are final (Vite fills in the chunks' preload lists late): the figure is of what is served.
    writeBundle(_options, bundle) {
      const { files, gzipBytes } = loginPageScripts(bundle);
      const kb = (gzipBytes / 1000).toFixed(1);
      if (gzipBytes > budgetKb * 1000) {
        this.error(`The login page loads ${kb} KB of JavaScript gzipped, over its budget of ${budgetKb} KB (${files.join(', ')}). Load what it does not need lazily, or raise LOGIN_PAGE_BUDGET_KB in web/vite.config.mts with a reason.`);
      }
      this.info(`login page JavaScript: ${kb} KB gzipped of ${budgetKb} KB allowed (${files.length} files)`);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [loginPageBudget(LOGIN_PAGE_BUDGET_KB)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // kB before gzip. The largest chunk is ECharts' (519 kB, loaded only with the timeline); a chunk
    // past this is new weight worth a look. The login page has its own, enforced budget (above).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // Ant Design marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // React changes less often than our pages and every page needs it: its own file keeps the
        // browser's cache warm. Ant Design is left to the per-page chunks (one group of all of it
        // would put every page's components on the login page); ECharts is named for readability,
        // and only the timeline imports it.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
