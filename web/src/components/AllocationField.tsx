// The 任务分解表 of a campaign's allocation event: a row per unit, a column per target, and at the foot
// of each column its sum against the plan's figure and the target's rule (合计等于 / 至少 / 每个单位),
// red while it does not fit. The check is the workflow's own (workflows/campaign/allocation.ts), so the
// form does not send a table the server would refuse, and the server refuses it all the same.
import { Button, InputNumber, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { allocationProblems, type AllocationProblem } from '../../../workflows/campaign/allocation';
import { figureText, tidy } from '../../../workflows/campaign/figures';
import type { Allocation, CampaignTarget } from '../../../workflows/campaign-types';
import type { FormField } from '../api/types';
import { loc } from '../format';

export type AllocationSpec = NonNullable<FormField['allocation']>;
type Unit = AllocationSpec['units'][number];

const RULE_KEYS = { total: 'allocation.ruleTotal', atLeast: 'allocation.ruleAtLeast', each: 'allocation.ruleEach' } as const;

const targetsOf = (spec: AllocationSpec) => spec.targets as CampaignTarget[];

function columnSum(table: Allocation, units: Unit[], key: string): number {
  return tidy(units.reduce((sum, u) => sum + (typeof table[u.code]?.[key] === 'number' ? table[u.code][key] : 0), 0));
}

/** The table's columns, editable or not; each target's cells and foot are marked where a problem lies. */
function useColumns(spec: AllocationSpec, table: Allocation, problems: AllocationProblem[], edit?: (unit: string, key: string, figure: number | null) => void) {
  const { t } = useTranslation();
  const wrong = new Set(problems.map((p) => `${p.unitCode ?? ''}:${p.target}`));
  const columns: ColumnsType<Unit> = [
    { key: 'unit', title: t('allocation.unit'), dataIndex: 'name', fixed: 'left', width: 160, render: (name: string) => <span className="wrap-anywhere">{name}</span> },
    ...targetsOf(spec).map((target) => ({
      key: target.key,
      width: 130,
      title: (
        <Space orientation="vertical" size={0}>
          <span className="wrap-anywhere">{loc(target.name)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {target.unit}
          </Typography.Text>
        </Space>
      ),
      render: (_: unknown, unit: Unit) => {
        const figure = table[unit.code]?.[target.key];
        if (!edit) return figure === undefined ? '—' : figure;
        return (
          <InputNumber
            value={figure}
            status={wrong.has(`${unit.code}:${target.key}`) ? 'error' : undefined}
            onChange={(v) => edit(unit.code, target.key, typeof v === 'number' ? v : null)}
            aria-label={t('allocation.figureOf', { unit: unit.name, target: loc(target.name) })}
            data-unit={unit.code}
            data-target={target.key}
            style={{ width: '100%' }}
          />
        );
      },
    })),
  ];
  // A column is wrong while its sum is, or while a cell of it is missing or not a figure it can take.
  return { columns, sumProblem: (key: string) => problems.some((p) => p.target === key) };
}

/** The foot row: each target's sum, its plan figure and its rule, red while the column does not fit. */
function SumRow({ spec, table, sumProblem }: { spec: AllocationSpec; table: Allocation; sumProblem: (key: string) => boolean }) {
  const { t } = useTranslation();
  return (
    <Table.Summary fixed="bottom">
      <Table.Summary.Row>
        <Table.Summary.Cell index={0}>
          <strong>{t('allocation.sum')}</strong>
        </Table.Summary.Cell>
        {targetsOf(spec).map((target, i) => {
          const bad = sumProblem(target.key);
          return (
            <Table.Summary.Cell key={target.key} index={i + 1}>
              <Space orientation="vertical" size={0} data-sum={target.key} data-fits={!bad}>
                <Typography.Text strong type={bad ? 'danger' : 'success'}>
                  {target.allocation === 'each' ? '—' : figureText(target, columnSum(table, spec.units, target.key))}
                </Typography.Text>
                <Typography.Text type={bad ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                  {t('allocation.plan', { figure: figureText(target, target.planFigure) })} · {t(RULE_KEYS[target.allocation])}
                </Typography.Text>
              </Space>
            </Table.Summary.Cell>
          );
        })}
      </Table.Summary.Row>
    </Table.Summary>
  );
}

/** The editable table of an `allocation` field; its value is unit code → target key → figure. */
export function AllocationField({ spec, value, onChange }: { spec: AllocationSpec; value?: Allocation; onChange?: (v: Allocation) => void }) {
  const { t } = useTranslation();
  const table = value ?? {};
  const problems = allocationProblems({ targets: targetsOf(spec) }, table, spec.units.map((u) => u.code));
  const edit = (unit: string, key: string, figure: number | null) => {
    const row = { ...table[unit] };
    if (figure === null) delete row[key];
    else row[key] = figure;
    onChange?.({ ...table, [unit]: row });
  };
  // A target given to each unit is the same figure everywhere: one click fills the column.
  const fillEach = (target: CampaignTarget) =>
    onChange?.(Object.fromEntries(spec.units.map((u) => [u.code, { ...table[u.code], [target.key]: target.planFigure }])));
  const { columns, sumProblem } = useColumns(spec, table, problems, edit);
  const eachTargets = targetsOf(spec).filter((target) => target.allocation === 'each');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {eachTargets.length > 0 && (
        <Space wrap>
          {eachTargets.map((target) => (
            <Button key={target.key} size="small" onClick={() => fillEach(target)}>
              {t('allocation.fillEach')}：{loc(target.name)}
            </Button>
          ))}
        </Space>
      )}
      <Table<Unit>
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={spec.units}
        scroll={{ x: 'max-content', y: 480 }}
        summary={() => <SumRow spec={spec} table={table} sumProblem={sumProblem} />}
        data-allocation-table
      />
      {problems.length === 0 && <Typography.Text type="success">{t('allocation.fits')}</Typography.Text>}
    </Space>
  );
}

/**
 * A submitted table, read-only, with the same foot: every row at full height, and a region of its own
 * that scrolls sideways where the targets are wider than the page, reachable by keyboard (it holds
 * nothing else to focus).
 */
export function AllocationTable({ spec, value }: { spec: AllocationSpec; value: Allocation }) {
  const { t } = useTranslation();
  const problems = allocationProblems({ targets: targetsOf(spec) }, value, spec.units.map((u) => u.code));
  const { columns, sumProblem } = useColumns(spec, value, problems);
  return (
    <div role="region" aria-label={t('allocation.table')} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Table<Unit>
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        columns={columns.map((c) => ({ ...c, fixed: undefined }))}
        dataSource={spec.units}
        summary={() => <SumRow spec={spec} table={value} sumProblem={sumProblem} />}
      />
    </div>
  );
}
