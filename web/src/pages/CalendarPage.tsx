// 工作日历: the holidays (休) and 调休 working days (班) that working-day deadlines count by, a year
// at a time. Anyone signed in may look; the admin adds, corrects and deletes days, or enters a
// whole year from the State Council's notice, and is shown which deadlines of running events moved.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, List, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, get } from '../api/client';
import type { CalendarChangeOutcome, CalendarDay, CalendarYear } from '../api/types';
import { hasRole, useUser } from '../auth';
import { fmtDateTime, loc } from '../format';
import { ApiErrorResult } from '../components/ApiErrorResult';

type DayKind = CalendarDay['kind'];
interface DayEntry {
  date: string;
  kind: DayKind;
  name: string;
}

const chinaYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/** The years offered: from the first the seed has to two ahead (next year's notice comes in November). */
function yearChoices(): number[] {
  const last = chinaYear() + 2;
  return Array.from({ length: last - 2004 + 1 }, (_, i) => last - i);
}

export function CalendarPage() {
  const { t } = useTranslation();
  const admin = hasRole(useUser(), 'admin');
  const [year, setYear] = useState(chinaYear);
  const [outcome, setOutcome] = useState<CalendarChangeOutcome>();
  const [editing, setEditing] = useState<DayEntry>();
  const calendar = useQuery({ queryKey: ['calendar', year], queryFn: () => get<CalendarYear>(`/calendar?year=${year}`) });

  return (
    <div>
      <div className="page-title">
        <h1>{t('workCalendar.title')}</h1>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('workCalendar.hint')}
        </Typography.Paragraph>
        <Space wrap>
          <label htmlFor="calendar-year">{t('workCalendar.year')}</label>
          <Select
            id="calendar-year"
            value={year}
            onChange={(y) => {
              setYear(y);
              setEditing(undefined);
            }}
            options={yearChoices().map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 110 }}
          />
          {calendar.data?.covered && <span>{t('workCalendar.covered', { year, count: calendar.data.days.length })}</span>}
        </Space>
        {calendar.data?.notice && <Alert type="warning" showIcon message={loc(calendar.data.notice)} data-testid="calendar-uncovered" />}
        {!admin && <Alert type="info" message={t('workCalendar.readOnly')} />}
        {outcome && <Outcome outcome={outcome} onClose={() => setOutcome(undefined)} />}
        {calendar.error ? (
          <ApiErrorResult error={calendar.error} />
        ) : (
          <DayTable days={calendar.data?.days ?? []} loading={calendar.isLoading} admin={admin} onEdit={setEditing} onChanged={setOutcome} />
        )}
        {admin && <DayForm key={`${year}:${editing?.date ?? 'new'}`} year={year} initial={editing} onChanged={setOutcome} />}
        {admin && <YearPaste year={year} onChanged={setOutcome} />}
      </Space>
    </div>
  );
}

function weekdayOf(date: string, names: string): string {
  return names.split(',')[new Date(`${date}T00:00:00Z`).getUTCDay()];
}

function KindTag({ kind }: { kind: DayKind }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'off' ? 'red' : 'blue'}>{kind === 'off' ? t('workCalendar.off') : t('workCalendar.work')}</Tag>;
}

/** After every change the page is told what moved; the list stays until the next change or closed. */
function useCalendarChange(onChanged: (o: CalendarChangeOutcome) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: 'PUT' | 'DELETE'; path: string; body?: unknown }) => api<CalendarChangeOutcome>(method, path, body),
    onSuccess: async (o) => {
      await queryClient.invalidateQueries({ queryKey: ['calendar'] });
      void message.success(t('workCalendar.changed'));
      onChanged(o);
    },
    onError: (e) => void message.error(e.message),
  });
}

function DayTable(props: { days: CalendarDay[]; loading: boolean; admin: boolean; onEdit: (d: DayEntry) => void; onChanged: (o: CalendarChangeOutcome) => void }) {
  const { t } = useTranslation();
  const remove = useCalendarChange(props.onChanged);
  return (
    <Table<CalendarDay>
      rowKey="date"
      size="small"
      loading={props.loading}
      dataSource={props.days}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('workCalendar.none') }}
      columns={[
        { title: t('workCalendar.date'), dataIndex: 'date', render: (date: string) => `${date} ${weekdayOf(date, t('workCalendar.weekdays'))}` },
        { title: t('workCalendar.kind'), dataIndex: 'kind', render: (kind: DayKind) => <KindTag kind={kind} /> },
        { title: t('workCalendar.name'), dataIndex: 'name' },
        {
          title: t('workCalendar.source'),
          dataIndex: 'source',
          responsive: ['md'],
          render: (s: string) => (s === 'admin' ? t('workCalendar.sourceAdmin') : t('workCalendar.sourceSeed')),
        },
        ...(props.admin
          ? [
              {
                title: t('workCalendar.actions'),
                key: 'actions',
                render: (_: unknown, d: CalendarDay) => (
                  <Space size={0}>
                    <Button type="link" size="small" icon={<EditOutlined />} aria-label={`${t('workCalendar.edit')} ${d.date}`} onClick={() => props.onEdit(d)} />
                    <Popconfirm
                      title={t('workCalendar.deleteConfirm', { date: d.date })}
                      onConfirm={() => remove.mutate({ method: 'DELETE', path: `/calendar/days/${d.date}` })}
                    >
                      <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('workCalendar.delete')} ${d.date}`} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function DayForm({ year, initial, onChanged }: { year: number; initial?: DayEntry; onChanged: (o: CalendarChangeOutcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DayEntry>();
  const save = useCalendarChange(onChanged);
  return (
    <Card title={t('workCalendar.addTitle')} size="small">
      <Form<DayEntry>
        form={form}
        layout="vertical"
        initialValues={initial ?? { date: `${year}-01-01`, kind: 'off', name: '' }}
        onFinish={(v) => save.mutate({ method: 'PUT', path: `/calendar/days/${v.date}`, body: { kind: v.kind, name: v.name.trim() } })}
        style={{ maxWidth: 480 }}
      >
        <Form.Item name="date" label={t('workCalendar.date')} rules={[{ required: true, message: t('workCalendar.dateRequired') }]}>
          <Input type="date" min={`${year}-01-01`} max={`${year}-12-31`} />
        </Form.Item>
        <Form.Item name="kind" label={t('workCalendar.kind')}>
          <Radio.Group
            options={[
              { value: 'off', label: t('workCalendar.offLong') },
              { value: 'work', label: t('workCalendar.workLong') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('workCalendar.name')} rules={[{ required: true, whitespace: true, message: t('workCalendar.nameRequired') }]}>
          <Input placeholder={t('workCalendar.namePlaceholder')} maxLength={40} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('workCalendar.save')}
        </Button>
      </Form>
    </Card>
  );
}

const KIND_WORDS: Record<string, DayKind> = { 休: 'off', off: 'off', 班: 'work', work: 'work' };

/**
 * One line a day or a range: `2027-02-06~2027-02-14 休 春节`, `2027-02-20 班 春节调休` (至, ~ or –
 * between the dates; 休/班 or off/work). Lines it cannot read are named, not dropped.
 */
function parseYearList(text: string): { days: DayEntry[]; errors: { line: number; text: string }[] } {
  const days: DayEntry[] = [];
  const errors: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|至|–|-{1,2})\s*(\d{4}-\d{2}-\d{2}))?\s+(休|班|off|work)\s+(.+)$/i.exec(line);
    const from = m ? Date.parse(`${m[1]}T00:00:00Z`) : NaN;
    const to = m?.[2] ? Date.parse(`${m[2]}T00:00:00Z`) : from;
    if (!m || Number.isNaN(from) || Number.isNaN(to) || to < from || to - from > 40 * 86_400_000) {
      errors.push({ line: i + 1, text: line });
      return;
    }
    for (let t = from; t <= to; t += 86_400_000) days.push({ date: new Date(t).toISOString().slice(0, 10), kind: KIND_WORDS[m[3].toLowerCase()], name: m[4].trim() });
  });
  return { days, errors };
}

function YearPaste({ year, onChanged }: { year: number; onChanged: (o: CalendarChangeOutcome) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const save = useCalendarChange((o) => {
    setText('');
    onChanged(o);
  });
  const parsed = parseYearList(text);
  return (
    <Card title={t('workCalendar.pasteTitle')} size="small">
      <Typography.Paragraph type="secondary">{t('workCalendar.pasteHint')}</Typography.Paragraph>
      <Input.TextArea
        aria-label={t('workCalendar.pasteTitle')}
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('workCalendar.pastePlaceholder')}
        style={{ maxWidth: 560 }}
      />
      <div style={{ margin: '8px 0' }}>
        {text.trim() && <div>{t('workCalendar.pasteParsed', { count: parsed.days.length })}</div>}
        {parsed.errors.map((e) => (
          <Typography.Text key={e.line} type="danger" style={{ display: 'block' }}>
            {t('workCalendar.pasteLineError', e)}
          </Typography.Text>
        ))}
      </div>
      <Popconfirm
        title={t('workCalendar.pasteConfirm', { year, count: parsed.days.length })}
        disabled={!parsed.days.length || parsed.errors.length > 0}
        onConfirm={() => save.mutate({ method: 'PUT', path: `/calendar/years/${year}`, body: { days: parsed.days } })}
      >
        <Button disabled={!parsed.days.length || parsed.errors.length > 0} loading={save.isPending}>
          {t('workCalendar.pasteSave', { year })}
        </Button>
      </Popconfirm>
    </Card>
  );
}

/** 已调整 3 个活动的 5 项期限, and per event which deadline went from when to when. */
function Outcome({ outcome, onClose }: { outcome: CalendarChangeOutcome; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={outcome.skipped.length ? 'warning' : 'success'}
      closable
      onClose={onClose}
      message={loc(outcome.summary)}
      data-testid="calendar-outcome"
      description={
        <>
          {outcome.moved.length === 0 ? (
            <div>{t('workCalendar.resultNone')}</div>
          ) : (
          <List
            size="small"
            dataSource={outcome.moved}
            renderItem={(e) => (
              <List.Item>
                <div>
                  <Link to={`/events/${e.eventId}`}>{e.title}</Link>
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {e.moved.map((m, i) => (
                      <li key={i}>{t('workCalendar.movedItem', { label: m.label, from: fmtDateTime(m.from), to: fmtDateTime(m.to) })}</li>
                    ))}
                  </ul>
                </div>
              </List.Item>
            )}
          />
          )}
          {outcome.skipped.map((s) => (
            <div key={s.eventId}>{t('workCalendar.resultSkipped', { title: s.title, reason: loc(s.reason) })}</div>
          ))}
        </>
      }
    />
  );
}
