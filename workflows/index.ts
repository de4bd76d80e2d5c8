// Every workflow the worker registers. Deterministic code only: no I/O, no Node built-ins.
export { eventWorkflow } from './event.workflow';
export { selfCheckWorkflow } from './self-check.workflow';
