// Part of `npm run build`: bundles workflows/ once into dist/workflow-bundle.js, so workers start
// without running webpack (and tests share one bundle).
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { PREBUILT_BUNDLE } from '../temporal/worker.service';

export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error },
  });
  return code;
}

if (require.main === module) {
  bundleWorkflows().then(
    (code) => {
      writeFileSync(PREBUILT_BUNDLE, code);
      process.stdout.write(`Workflow bundle written to ${PREBUILT_BUNDLE} (${Math.round(code.length / 1024)} KiB)\n`);
    },
    (err: Error) => {
      process.stderr.write(`Bundling workflows failed: ${err.stack}\n`);
      process.exit(1);
    },
  );
}
