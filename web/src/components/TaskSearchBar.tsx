// The 待办 search bar: words in the event's title or the task's name, the template, the event's
// date range. It hands the list its query parameters; the status filter stays the page's own.
import { useState } from 'react';
import { DatePicker, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { loc } from '../format';
import { useTemplates } from '../queries';

interface Search {
  q: string;
  template?: string;
  range: [Dayjs | null, Dayjs | null] | null;
}

function paramsOf({ q, template, range }: Search): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (template) params.set('template', template);
  // Whole days, the end day included.
  if (range?.[0]) params.set('from', range[0].startOf('day').toISOString());
  if (range?.[1]) params.set('to', range[1].add(1, 'day').startOf('day').toISOString());
  return params.toString();
}

export function TaskSearchBar({ onChange }: { onChange: (search: string) => void }) {
  const { t } = useTranslation();
  const templates = useTemplates();
  const [search, setSearch] = useState<Search>({ q: '', range: null });
  const change = (next: Partial<Search>) => {
    const merged = { ...search, ...next };
    setSearch(merged);
    onChange(paramsOf(merged));
  };
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder={t('office.searchTasks')}
        aria-label={t('office.searchTasks')}
        style={{ width: 240, maxWidth: '100%' }}
        maxLength={200}
        onSearch={(q) => change({ q })}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('events.filterTemplate')}
        aria-label={t('events.filterTemplate')}
        style={{ width: 260, maxWidth: '100%' }}
        value={search.template}
        onChange={(template?: string) => change({ template })}
        options={(templates.data ?? []).map((x) => ({ value: x.code, label: loc(x.name) }))}
      />
      <DatePicker.RangePicker
        aria-label={t('office.dateRange')}
        placeholder={[t('office.dateFrom'), t('office.dateTo')]}
        value={search.range}
        onChange={(range) => change({ range })}
        allowEmpty={[true, true]}
      />
    </Space>
  );
}

/** What a 待办 row is: the step, then the task or level where it says more (方案审批 · 部门负责人会签). */
export function taskLabel(task: { name: { 'zh-CN': string; en: string }; stepName?: { 'zh-CN': string; en: string } | null; levelName?: { 'zh-CN': string; en: string } | null }): string {
  const parts = [task.stepName, task.name, task.levelName].filter((x): x is { 'zh-CN': string; en: string } => !!x).map((x) => loc(x));
  return [...new Set(parts)].join(' · ');
}
