// `npm run upgrade:check`: replays the running workflows' histories against the new bundle before a
// deploy; exit 1 when one would break. Flags: --address --namespace --query --sample N --bundle PATH.
import { loadConfig, temporalAddressOf } from '../config/app-config';
import { PREBUILT_BUNDLE } from '../temporal/worker.service';
import { runUpgradeCheck } from '../upgrade/upgrade-check';

if (require.main === module) {
  const config = loadConfig();
  const defaults = { address: temporalAddressOf(config), namespace: config.temporal.namespace, bundlePath: PREBUILT_BUNDLE };
  runUpgradeCheck(process.argv.slice(2), defaults, (s) => process.stdout.write(s)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`Upgrade check failed: ${err.message}\n`);
      process.exit(2);
    },
  );
}
