// Running Schemathesis (the pinned one `npm run tools` installs) against the booted app, as a
// child process: the app answers in this same Node process, so the run must never block it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSchemathesis, schemathesisInstallHint } from '../../src/infra/tools';

/** What the fuzzer should know exists, so it reaches past "404 no such event" into the product. */
export interface FuzzData {
  eventIds: string[];
  taskIds: string[];
  notificationIds: string[];
  stepIds: string[];
  templateCodes: string[];
  unitCodes: string[];
  userIds: string[];
}

export interface FuzzProfile {
  name: 'ci' | 'full';
  checks: string[];
  phases: string[];
  maxExamples: number;
  /** Seconds per run; fuzzing repeats until it is spent. */
  maxTime: number;
  seed?: string;
  /**
   * Generate strings with NUL (U+0000)? The API refuses them everywhere with a 400 (PostgreSQL
   * cannot store them) but the schema cannot say so on every string, so the run that checks
   * schema-valid data is accepted leaves them out; the CI run keeps them, to catch a 500.
   */
  allowNul: boolean;
}

/** The bounded run `npm test` makes on every CI run: no 5xx, answers as documented. */
export const CI_PROFILE: FuzzProfile = {
  name: 'ci',
  checks: ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'],
  phases: ['examples', 'coverage', 'fuzzing'],
  maxExamples: 15,
  maxTime: 35,
  seed: '20260601',
  allowNul: true,
};

/** `npm run fuzz`: every check and phase, more examples, a fresh seed each time. */
export const FULL_PROFILE: FuzzProfile = {
  name: 'full',
  checks: ['all'],
  phases: ['examples', 'coverage', 'fuzzing', 'stateful'],
  maxExamples: 100,
  maxTime: 300,
  allowNul: false,
};

export function profileFromEnv(): FuzzProfile {
  const base = process.env.FUZZ === 'full' ? FULL_PROFILE : CI_PROFILE;
  return {
    ...base,
    maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? base.maxExamples),
    maxTime: Number(process.env.FUZZ_MAX_TIME ?? base.maxTime),
    seed: process.env.FUZZ_SEED ?? base.seed,
  };
}

/** The `st` executable, or an error saying exactly how to install it: a missing fuzzer never passes. */
export function schemathesisOrFail(toolsDir: string): string {
  const st = findSchemathesis(toolsDir);
  if (!st) throw new Error(schemathesisInstallHint(toolsDir));
  return st;
}

/**
 * schemathesis.toml: the real ids as dictionaries the generators draw from half the time
 * (the other half stays random, so unknown ids are fuzzed too).
 */
export function configToml(data: FuzzData): string {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const dictionaries: Record<string, string[]> = {
    events: data.eventIds,
    tasks: data.taskIds,
    notifications: data.notificationIds,
    steps: data.stepIds,
    templates: data.templateCodes,
    units: data.unitCodes,
    users: data.userIds,
  };
  const lines: string[] = [];
  for (const [name, values] of Object.entries(dictionaries)) {
    if (values.length) lines.push(`[dictionaries.${name}]`, `values = ${list(values)}`, '');
  }
  const bind = (pathRegex: string, params: Record<string, string>) => {
    const usable = Object.entries(params).filter(([, dict]) => dictionaries[dict]?.length);
    if (!usable.length) return;
    lines.push('[[operations]]', `include-path-regex = ${JSON.stringify(pathRegex)}`);
    lines.push(`parameters = { ${usable.map(([key, dict]) => `${JSON.stringify(key)} = { dictionary = "${dict}", probability = 0.5 }`).join(', ')} }`, '');
  };
  bind('^/api/events/\\{id\\}', { 'path.id': 'events', 'path.stepId': 'steps', 'body.taskId': 'tasks', 'body.stepId': 'steps', 'body.unitCode': 'units' });
  bind('^/api/events$', { 'body.templateCode': 'templates', 'body.participants[*]': 'users', 'query.template': 'templates', 'query.unit': 'units' });
  bind('^/api/tasks', { 'path.id': 'tasks', 'body.toUserId': 'users', 'query.eventId': 'events' });
  bind('^/api/notifications/\\{id\\}', { 'path.id': 'notifications' });
  bind('^/api/templates/', { 'path.code': 'templates' });
  bind('^/api/units/', { 'path.code': 'units' });
  bind('^/api/org/users', { 'query.unit': 'units' });

  // Schema-valid requests these routes refuse with a 400 on purpose: rules across fields or against
  // the data, which a JSON schema cannot state (positive_data_acceptance, in the full run).
  const businessRules: Record<string, string> = {
    'POST /api/events': 'startsAt in the future, endsAt after it, templateCode and participants must exist, reminder offsets must parse; an Idempotency-Key reused with another body: 422',
    'POST /api/events/{id}/reschedule': 'the new date in the future and endsAt after it',
    'POST /api/events/{id}/resume': 'the new date in the future and endsAt after it',
    'POST /api/events/{id}/urge': 'taskId, or stepId with unitCode',
    'POST /api/events/{id}/notices/{stepId}/acknowledge': "values checked against the receipt's form",
    'POST /api/tasks/{id}/complete': "values checked against the task's form",
    'POST /api/tasks/{id}/delegate': 'toUserId must be an existing user',
    'PUT /api/units/{code}/channels': 'a webhook needs a secret; no robot twice; robots only at their official endpoints, webhooks https to public hosts',
  };
  for (const [name, why] of Object.entries(businessRules)) {
    // A start repeated with an Idempotency-Key and another body is refused with 422 by design.
    const refusals = name === 'POST /api/events' ? '400, 401, 403, 404, 409, 422, 429' : '400, 401, 403, 404, 409, 429';
    lines.push(`# ${why}`, '[[operations]]', `include-name = ${JSON.stringify(name)}`);
    lines.push(`checks.positive_data_acceptance.expected-statuses = ["2xx", ${refusals}]`, '');
  }
  return lines.join('\n');
}

export interface FuzzRun {
  exitCode: number;
  output: string;
  seconds: number;
}

export async function runSchemathesis(opts: {
  st: string;
  baseUrl: string;
  token: string;
  data: FuzzData;
  profile: FuzzProfile;
  /** Failures and the summary are copied here too (junit), when given. */
  reportDir?: string;
}): Promise<FuzzRun> {
  const dir = mkdtempSync(join(tmpdir(), 'fulian-fuzz-'));
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(config, configToml(opts.data));
  const { profile } = opts;
  const args = [
    '--config-file',
    config,
    'run',
    `${opts.baseUrl}/api/docs-json`,
    '--header',
    `Authorization: Bearer ${opts.token}`,
    '--checks',
    profile.checks.join(','),
    '--phases',
    profile.phases.join(','),
    '--max-examples',
    String(profile.maxExamples),
    '--max-time',
    String(profile.maxTime),
    // One worker: with two threads, Hypothesis' ast.parse calls race on CPython 3.11's shared AST
    // state ("SystemError: AST constructor recursion depth mismatch", python/cpython#106905).
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--generation-database',
    'none',
    '--generation-allow-x00',
    String(profile.allowNul),
    '--no-color',
    ...(profile.seed ? ['--seed', profile.seed] : []),
    ...(opts.reportDir ? ['--report', 'junit', '--report-dir', opts.reportDir] : []),
  ];
  const started = Date.now();
  try {
    return await new Promise<FuzzRun>((resolve, reject) => {
      // cwd: a scratch folder, so nothing (.hypothesis, reports) lands in the checkout.
      const child = spawn(opts.st, args, { cwd: dir, env: { ...process.env, COLUMNS: '120' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        resolve({ exitCode: code ?? (signal ? 128 : 1), output, seconds: Math.round((Date.now() - started) / 1000) }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Schemathesis' own account of what failed: the FAILURES section on, trimmed to fit a test report. */
export function failureSummary(output: string, limit = 30_000): string {
  const at = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  const text = at >= 0 ? output.slice(at) : output.slice(-limit);
  return text.length > limit ? `${text.slice(0, limit / 2)}\n[…]\n${text.slice(-limit / 2)}` : text;
}
