// Reference data every page shares, fetched once and kept: templates, units, people.
import { useQuery } from '@tanstack/react-query';
import { get } from './api';
import type { DirectoryUser, Template, TemplateStep, Unit } from './types';

export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: () => get<Template[]>('/templates'), staleTime: Infinity });
}

/** One template, whole: its forms, receipts and sign-off levels (the list gives only an outline). */
export function useTemplate(code: string | undefined) {
  return useQuery({ queryKey: ['template', code], queryFn: () => get<Template>(`/templates/${code}`), enabled: !!code, staleTime: Infinity });
}

export function useUnits() {
  return useQuery({ queryKey: ['org', 'units'], queryFn: () => get<Unit[]>('/org/units'), staleTime: Infinity });
}

export function useUsers() {
  return useQuery({ queryKey: ['org', 'users'], queryFn: () => get<DirectoryUser[]>('/org/users'), staleTime: 5 * 60_000 });
}

/** Every step of a template, branches of parallel groups included, in template order. */
export function flattenSteps(steps: TemplateStep[]): TemplateStep[] {
  return steps.flatMap((s) => [s, ...flattenSteps(s.steps ?? []), ...(s.branches ?? []).flatMap((b) => flattenSteps(b.steps))]);
}

export function findStep(template: Template | undefined, stepId: string): TemplateStep | undefined {
  return template ? flattenSteps(template.steps).find((s) => s.id === stepId) : undefined;
}
