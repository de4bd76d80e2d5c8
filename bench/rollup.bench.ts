// The campaign roll-up (进度汇总): GET /api/campaigns/:id/rollup over a campaign of 40 districts with
// 12 monthly reports each (and a correction in every tenth), seeded straight into the read model's
// tables, against GET /api/auth/me — the cheapest signed-in round trip through the same HTTP, token
// check and pool — one request at a time, then ten in flight.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCampaignTemplateYaml } from '../src/campaigns/campaign-template-loader';
import { projectRoot } from '../src/infra/project-root';
import type { CampaignTemplate } from '../workflows/campaign-types';
import { campaignWorkflowId } from '../workflows/campaign-model';
import { reportingPeriods } from '../workflows/campaign/periods';
import { verdict, type BenchContext } from './context';
import { closedLoop, ms, ratio } from './stats';

const READER = 'head-development';
const TARGET_P99_MS = 50;

/** 四大巴渝巾帼行动 over the whole year: its eleven targets, twelve monthly periods. */
function yearLongTemplate(): CampaignTemplate {
  const file = join(projectRoot(), 'campaigns', 'four-actions-targets.yaml');
  const parsed = parseCampaignTemplateYaml(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return { ...parsed.template, period: { from: '01-01', to: '12-31' } };
}

/** The campaign, its 40 districts with their shares, and their 12 months of running totals. */
async function seedCampaign(ctx: BenchContext): Promise<string> {
  const template = yearLongTemplate();
  const year = new Date().getUTCFullYear();
  const periods = reportingPeriods(template, year);
  const id = randomUUID();
  const { rows: [organiser] } = await ctx.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'organiser-development'");
  const { rows: districts } = await ctx.db.query<{ code: string; name_zh: string }>("SELECT code, name_zh FROM units WHERE kind = 'district' ORDER BY sort_order, code");
  const shareOf = (planFigure: number, i: number) => Math.floor(planFigure / districts.length) + (i < planFigure % districts.length ? 1 : 0);
  const allocation = Object.fromEntries(districts.map((d, i) => [d.code, Object.fromEntries(template.targets.map((t) => [t.key, t.allocation === 'each' ? t.planFigure : shareOf(t.planFigure, i)]))]));
  await ctx.db.query(
    `INSERT INTO campaigns (id, workflow_id, template_code, template_version, template, title, year, lead_unit, organiser_id, status, periods, allocation)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10, $11)`,
    [id, campaignWorkflowId(id), template.code, template.version, template, `基准：${template.name['zh-CN']}`, year, template.leadDepartment, organiser.id, JSON.stringify(periods), allocation],
  );
  await ctx.db.query(
    `INSERT INTO campaign_units (campaign_id, unit_code, unit_name, position, targets, status)
     SELECT $1, u.code, u.name, u.position, u.targets, 'running' FROM jsonb_to_recordset($2::jsonb) AS u(code text, name text, position int, targets jsonb)`,
    [id, JSON.stringify(districts.map((d, position) => ({ code: d.code, name: d.name_zh, position, targets: allocation[d.code] })))],
  );
  const reports = districts.flatMap((d, i) =>
    periods.flatMap((p) => {
      const figures = Object.fromEntries(template.targets.map((t) => [t.key, Math.floor((allocation[d.code][t.key] * (p.index + 1)) / periods.length)]));
      const first = { unit: d.code, period: p.index, revision: 1, figures, due: p.dueAt, late: (i + p.index) % 7 === 0 };
      return (i + p.index) % 10 === 0 ? [first, { ...first, revision: 2 }] : [first];
    }),
  );
  await ctx.db.query(
    `INSERT INTO campaign_reports (campaign_id, unit_code, period_index, revision, figures, submitted_by, submitted_at, due_at, late)
     SELECT $1, r.unit, r.period, r.revision, r.figures, $2, r.due, r.due, r.late
       FROM jsonb_to_recordset($3::jsonb) AS r(unit text, period int, revision int, figures jsonb, due timestamptz, late boolean)`,
    [id, organiser.id, JSON.stringify(reports)],
  );
  ctx.log(`rollup: seeded ${districts.length} districts × ${periods.length} periods, ${reports.length} report revisions`);
  return id;
}

export async function rollupBenchmark(ctx: BenchContext): Promise<void> {
  const id = await seedCampaign(ctx);
  const token = await ctx.api.as(READER);
  const rollup = () => ctx.api.call(token, 'GET', `/campaigns/${id}/rollup`);
  const me = () => ctx.api.call(token, 'GET', '/auth/me');
  const total = ctx.quick ? 100 : 1000;
  // Warm both paths (connections, query plans, JIT) before anything is timed.
  await closedLoop(20, 1, rollup);
  await closedLoop(20, 1, me);
  for (const concurrency of [1, 10]) {
    const baseline = await closedLoop(total, concurrency, me);
    const product = await closedLoop(total, concurrency, rollup);
    for (const r of [baseline, product]) if (r.errors) ctx.log(`  ${r.errors} errors: ${r.firstError}`);
    ctx.log(`rollup c=${concurrency}: p50 ${ms(product.p50)}, p99 ${ms(product.p99)} · /auth/me p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);
    const judged = concurrency === 1;
    ctx.rows.push({
      benchmark: `rollup 40 × 12, c=${concurrency} (${total})`,
      measure: 'GET /rollup latency p50 / p99 (baseline: GET /auth/me)',
      product: `${ms(product.p50)} / ${ms(product.p99)}`,
      baseline: `${ms(baseline.p50)} / ${ms(baseline.p99)}`,
      ratio: `${ratio(product.p99 / baseline.p99)} (p99)`,
      target: judged ? `p99 ≤ ${TARGET_P99_MS} ms` : '',
      verdict: judged ? verdict(product.p99 <= TARGET_P99_MS) : '',
    });
  }
}
