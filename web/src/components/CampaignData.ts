// The campaign routes (目标管理) as the pages read them: one query hook per route, and who may start
// one (the API's access policy decides all the same; the pages only leave out what it would refuse).
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';
import { hasRole } from '../auth';
import type { SessionUser } from '../api/types';
import type { components } from '../api/schema';

// The API's shapes, generated from its OpenAPI document (`npm run api-types`).
type Schemas = components['schemas'];

/** GET /api/campaign-templates: what 发起 offers. */
export type CampaignTemplateSummary = Schemas['CampaignTemplateSummaryDto'];
export type CampaignTarget = Schemas['CampaignTemplateTargetDto'];
/** A row of GET /api/campaigns?year=; `completion` is null to those who may not see every unit. */
export type CampaignListItem = Schemas['CampaignListItemDto'];
export type CampaignStatus = CampaignListItem['status'];
/** GET /api/campaigns/:id: `visibility` says whether the caller sees every unit's figures, `ownUnits` whose pages it may open. */
export type CampaignDetail = Schemas['CampaignDetailDto'];
/** 进度汇总 (GET /api/campaigns/:id/rollup). */
export type Rollup = Schemas['RollupDto'];
export type RollupUnit = Schemas['RollupUnitDto'];
export type ProgressStanding = RollupUnit['standing'];
/** A row of 年度考核 (GET /api/campaigns/:id/assessment). */
export type UnitAssessment = Schemas['UnitAssessmentDto'];
/** GET /api/campaigns/:id/units/:unitCode: the unit's own page. */
export type UnitPage = Schemas['UnitPageDto'];
export type UnitPeriod = Schemas['UnitPeriodDto'];
export type UnitTarget = Schemas['UnitTargetDto'];

export function useCampaignTemplates() {
  return useQuery({ queryKey: ['campaign-templates'], queryFn: () => get<CampaignTemplateSummary[]>('/campaign-templates'), staleTime: Infinity });
}

export function useCampaigns(year: number) {
  return useQuery({ queryKey: ['campaigns', 'list', year], queryFn: () => get<CampaignListItem[]>(`/campaigns?year=${year}`) });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: ['campaigns', id], queryFn: () => get<CampaignDetail>(`/campaigns/${id}`), enabled: !!id });
}

export function useRollup(id: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: ['campaigns', id, 'rollup'], queryFn: () => get<Rollup>(`/campaigns/${id}/rollup`), enabled: !!id && enabled });
}

/** The year-end table: asked for only once the campaign is past running (before, the API refuses it). */
export function useAssessment(id: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: ['campaigns', id, 'assessment'], queryFn: () => get<UnitAssessment[]>(`/campaigns/${id}/assessment`), enabled: !!id && enabled });
}

export function useUnitPage(id: string | undefined, unitCode: string | undefined) {
  return useQuery({
    queryKey: ['campaigns', id, 'units', unitCode],
    queryFn: () => get<UnitPage>(`/campaigns/${id}/units/${unitCode}`),
    enabled: !!id && !!unitCode,
  });
}

/** The federation's own staff, who read every unit's figures (the API's visibility 'all'). */
export function seesAllUnits(user: SessionUser): boolean {
  return hasRole(user, 'chair', 'vice-chair', 'department-head', 'organiser', 'admin');
}

/** Starts a campaign (发起): the lead department's organisers and head, and the administrator. */
export function mayStartCampaign(user: SessionUser, template: CampaignTemplateSummary): boolean {
  return hasRole(user, 'admin') || user.roles.some((g) => (g.role === 'organiser' || g.role === 'department-head') && g.unitCode === template.leadDepartment);
}

/** The unit a district's (or member unit's) liaison or chair answers for in campaigns, if any. */
export function reportingUnit(user: SessionUser): string | undefined {
  return user.roles.find((g) => g.role === 'district-liaison' || g.role === 'member-liaison' || g.role === 'district-chair')?.unitCode;
}
