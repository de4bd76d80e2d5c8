// Before a deploy: replays the histories of the events and campaigns running now against the new
// workflow bundle, so a change that would break one of them (non-determinism) is found before the
// new workers meet it. Prints ids and template codes only: histories carry personal data.
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import * as registered from '../../workflows';

/** The workflow types the worker registers (workflows/index.ts); other types in the namespace are not ours. */
export const PRODUCT_WORKFLOW_TYPES = Object.keys(registered);

export interface UpgradeCheckOptions {
  address: string;
  namespace: string;
  /** A visibility query; the product's types are added to it. */
  query: string;
  /** At most this many workflows; absent, every one the query lists. */
  sample?: number;
  bundlePath: string;
}

export interface UpgradeCheckRow {
  workflowType: string;
  workflowId: string;
  templateCode?: string;
  eventDate?: string;
  /** Undefined when the history replays cleanly. */
  error?: string;
}

export async function checkUpgrade(opts: UpgradeCheckOptions): Promise<UpgradeCheckRow[]> {
  const connection = await Connection.connect({ address: opts.address, connectTimeout: 10_000 });
  try {
    const client = new Client({ connection, namespace: opts.namespace });
    const types = PRODUCT_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ');
    const query = `(${opts.query}) AND WorkflowType IN (${types})`;
    const rows = new Map<string, UpgradeCheckRow>();
    const histories: { workflowId: string; history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>> }[] = [];
    for await (const wf of client.workflow.list({ query })) {
      if (opts.sample !== undefined && rows.size >= opts.sample) break;
      const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
      const date = sa.FulianEventDate?.[0];
      rows.set(wf.workflowId, {
        workflowType: wf.type,
        workflowId: wf.workflowId,
        templateCode: sa.FulianTemplateCode?.[0] as string | undefined,
        eventDate: date instanceof Date ? date.toISOString().slice(0, 10) : undefined,
      });
      histories.push({ workflowId: wf.workflowId, history: await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory() });
    }
    if (histories.length === 0) return [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: opts.bundlePath } }, histories)) {
      const row = rows.get(result.workflowId);
      if (row && result.error) row.error = result.error.message.split('\n')[0];
    }
    return [...rows.values()];
  } finally {
    await connection.close();
  }
}

export function formatRows(rows: UpgradeCheckRow[]): string {
  const header = ['type', 'id', 'template', 'date', 'result'];
  const lines = rows.map((r) => [r.workflowType, r.workflowId, r.templateCode ?? '-', r.eventDate ?? '-', r.error ? `BREAKS: ${r.error}` : 'OK']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (i < 4 ? l[i].length : 0))));
  const fmt = (l: string[]) => l.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ');
  const broken = rows.filter((r) => r.error).length;
  return [fmt(header), ...lines.map(fmt), '', `${rows.length} replayed, ${broken} would break`].join('\n') + '\n';
}

/** Runs the check as the command does; resolves to its exit code (1 when anything would break). */
export async function runUpgradeCheck(
  argv: string[],
  defaults: { address: string; namespace: string; bundlePath: string },
  out: (s: string) => void,
): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sample = flag('sample');
  const rows = await checkUpgrade({
    address: flag('address') ?? defaults.address,
    namespace: flag('namespace') ?? defaults.namespace,
    query: flag('query') ?? 'ExecutionStatus="Running"',
    sample: sample === undefined ? undefined : Number(sample),
    bundlePath: flag('bundle') ?? defaults.bundlePath,
  });
  out(formatRows(rows));
  return rows.some((r) => r.error) ? 1 : 0;
}
