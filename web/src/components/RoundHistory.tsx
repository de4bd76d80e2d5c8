// Every round (第几轮) of a step that is signed off: what was submitted, by whom and when, what changed
// since the round before (marked beside the field), and each approver's opinion on it.
import { Collapse, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtDateTime, loc } from '../format';
import type { FormSpec, TaskDetail } from '../api/types';
import type { Allocation } from '../../../workflows/campaign-types';
import { AllocationTable } from './AllocationField';
import { formatValue } from './DynamicForm';

type Round = TaskDetail['rounds'][number];
type Decision = Round['decisions'][number];

/** The submitted values, each changed field marked (a removed one shows the dash it left). */
function RoundValues({ spec, round }: { spec: FormSpec | undefined; round: Round }) {
  const { t } = useTranslation();
  const changeOf = new Map(round.changes.map((c) => [c.key, c.change]));
  if (!round.values) return <Typography.Text type="secondary">{t('rounds.withheld')}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={(spec?.fields ?? []).map((f) => {
        const change = changeOf.get(f.key);
        const text = formatValue(f, round.values?.[f.key], t);
        return {
          key: f.key,
          label: (
            <Space size={4} wrap>
              {loc(f.label)}
              {change && <Tag data-change={change}>{t(`rounds.change.${change}`)}</Tag>}
            </Space>
          ),
          children:
            f.type === 'allocation' && f.allocation && round.values?.[f.key] ? (
              <AllocationTable spec={f.allocation} value={round.values[f.key] as Allocation} />
            ) : (
              <span className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>{change ? <mark>{text}</mark> : text}</span>
            ),
        };
      })}
    />
  );
}

function DecisionLine({ d }: { d: Decision }) {
  const { t } = useTranslation();
  const who = d.people.map((p) => p.displayName).join('、') || '—';
  return (
    <List.Item>
      <Space orientation="vertical" size={0}>
        <span>
          {d.levelName ? `${loc(d.levelName)} · ` : ''}
          {who} · <strong>{t(`rounds.decision.${d.status}`)}</strong>
          {d.at ? ` · ${fmtDateTime(d.at)}` : ''}
        </span>
        {d.comment && <span className="wrap-anywhere">{t('rounds.opinion', { comment: d.comment })}</span>}
      </Space>
    </List.Item>
  );
}

/** `rounds` oldest first; the latest is open on arrival. */
export function RoundHistory({ spec, rounds }: { spec: FormSpec | undefined; rounds: Round[] }) {
  const { t } = useTranslation();
  if (!rounds.length) return null;
  return (
    <Collapse
      size="small"
      defaultActiveKey={[String(rounds[rounds.length - 1].round)]}
      items={rounds.map((r) => ({
        key: String(r.round),
        label: (
          <Space wrap size={4}>
            <strong>{t('detail.round', { n: r.round })}</strong>
            <span>{r.submittedBy ? t('rounds.submitted', { who: r.submittedBy.displayName, when: fmtDateTime(r.submittedAt) }) : ''}</span>
            {r.changes.length > 0 && <Tag>{t('rounds.changedCount', { count: r.changes.length })}</Tag>}
          </Space>
        ),
        children: (
          <div data-round={r.round}>
            <RoundValues spec={spec} round={r} />
            {(r.decisions.length > 0 || r.withdrawn) && (
              // Lines as a dataSource: only then does List put its items in a <ul> (screen readers announce a list).
              <List
                size="small"
                header={<strong>{t('rounds.opinions')}</strong>}
                style={{ marginTop: 8 }}
                dataSource={[...r.decisions, ...(r.withdrawn ? [r.withdrawn] : [])]}
                renderItem={(line) =>
                  'taskId' in line ? (
                    <DecisionLine key={line.taskId} d={line} />
                  ) : (
                    <List.Item key="withdrawn">
                      {t('rounds.withdrawn', { who: line.by?.displayName ?? '—', when: fmtDateTime(line.at) })}
                      {line.comment ? ` ${t('rounds.opinion', { comment: line.comment })}` : ''}
                    </List.Item>
                  )
                }
              />
            )}
          </div>
        ),
      }))}
    />
  );
}
