// Reference data every page shares, fetched once and kept: templates, units, people.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from './api/client';
import { loc } from './format';
import type { DirectoryUser, TaskPage, Template, TemplateStep, TemplateSummary, Unit } from './api/types';

/** The templates' summaries: names and outlines, and who starts those 发起活动 does not offer. */
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: () => get<TemplateSummary[]>('/templates'), staleTime: Infinity });
}

/** One template, whole: its forms, receipts and sign-off levels (the list gives only an outline). */
export function useTemplate(code: string | undefined) {
  return useQuery({ queryKey: ['template', code], queryFn: () => get<Template>(`/templates/${code}`), enabled: !!code, staleTime: Infinity });
}

/** `enabled` false while the API would refuse it (a temporary password not yet changed). */
export function useUnits(enabled = true) {
  return useQuery({ queryKey: ['org', 'units'], queryFn: () => get<Unit[]>('/org/units'), staleTime: Infinity, enabled });
}

/** A unit's name in the chosen language, by its code (the code itself until the units are loaded). */
export function useUnitName(enabled = true): (code: string) => string {
  const units = useUnits(enabled);
  return (code) => {
    const u = units.data?.find((x) => x.code === code);
    return u ? loc({ 'zh-CN': u.nameZh, en: u.nameEn }) : code;
  };
}

export type TaskFilter = 'open' | 'overdue' | 'done';

/**
 * One page of the caller's inbox (`search`: more query parameters, the filter bar's). Every inbox query's key starts with 'tasks', so acting on a task
 * refreshes them all.
 */
export function useTaskPage(status: TaskFilter, page = 1, pageSize = 20, refetchInterval = 30_000, enabled = true, search = '') {
  return useQuery({
    queryKey: ['tasks', status, page, pageSize, search],
    queryFn: () => get<TaskPage>(`/tasks?status=${status}&page=${page}&pageSize=${pageSize}${search ? `&${search}` : ''}`),
    placeholderData: keepPreviousData, // the page shown stays until the next one arrives
    refetchInterval,
    enabled,
  });
}

/** How many tasks of the caller's are open (or overdue): one row fetched, the total read. */
export const useTaskCount = (status: TaskFilter, enabled = true) => useTaskPage(status, 1, 1, 30_000, enabled);

export function useUsers() {
  return useQuery({ queryKey: ['org', 'users'], queryFn: () => get<DirectoryUser[]>('/org/users'), staleTime: 5 * 60_000 });
}

/** Every step of a template, branches of parallel groups included, in template order. */
export function flattenSteps(steps: TemplateStep[]): TemplateStep[] {
  return steps.flatMap((s) => [s, ...(s.branches ?? []).flatMap((b) => flattenSteps(b.steps))]);
}

export function findStep(template: Template | undefined, stepId: string): TemplateStep | undefined {
  return template ? flattenSteps(template.steps).find((s) => s.id === stepId) : undefined;
}
