// Every workflow the worker registers. Deterministic code only: no I/O, no Node built-ins.
export { campaignWorkflow } from './campaign.workflow';
export { unitCampaignWorkflow } from './campaign/unit.workflow';
export { eventWorkflow } from './event.workflow';
export { selfCheckWorkflow } from './self-check.workflow';
export { monthlySelectionWorkflow } from './monthly-selection.workflow';
