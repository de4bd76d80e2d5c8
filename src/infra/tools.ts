// Finds or builds the local tools: the `temporal` CLI (dev server), the Java time-skipping test
// server and Schemathesis (the API fuzzer), all in the tools folder (git-ignored) and reused; and,
// for the browser tests, Debian's Chromium and CJK fonts, and poppler's tools that read PDFs back.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync, chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from 'pino';
import { projectRoot } from './project-root';

/** Later tags carry a `replace` directive that `go install` refuses. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
export const TEST_SERVER_MAIN = 'io.temporal.testserver.TestServer';

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type CliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'tools' | 'built';

/**
 * The `temporal` CLI, by preference: TEMPORAL_CLI_PATH, then `temporal` on PATH, then one built
 * earlier into the tools folder, then a one-time `go install` when Go is on PATH.
 * Returns undefined when none of these is possible.
 */
export async function ensureTemporalCli(opts: {
  cliPath?: string;
  toolsDir: string;
  logger: Logger;
}): Promise<{ path: string; source: CliSource } | undefined> {
  if (opts.cliPath) {
    if (!isExecutable(opts.cliPath)) {
      throw new Error(`TEMPORAL_CLI_PATH=${opts.cliPath}: no executable file there`);
    }
    return { path: opts.cliPath, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal');
  if (onPath) return { path: onPath, source: 'PATH' };
  const built = join(opts.toolsDir, 'bin', 'temporal');
  if (isExecutable(built)) return { path: built, source: 'tools' };
  const go = findOnPath('go');
  if (!go) return undefined;

  mkdirSync(join(opts.toolsDir, 'bin'), { recursive: true });
  opts.logger.info(
    { module: TEMPORAL_CLI_MODULE, into: built },
    'Building the Temporal CLI with Go, once (a few minutes on a small machine; later starts reuse it)',
  );
  const started = Date.now();
  await run(go, ['install', TEMPORAL_CLI_MODULE], {
    env: { ...process.env, GOBIN: join(opts.toolsDir, 'bin'), GOFLAGS: '-mod=mod' },
    logger: opts.logger,
    what: 'go install of the Temporal CLI',
  });
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing`);
  opts.logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Temporal CLI built');
  return { path: built, source: 'built' };
}

/**
 * The time-skipping test server as an executable: Maven fetches io.temporal:temporal-test-server
 * into the tools folder, and a shell wrapper runs its main class. Undefined without Java and Maven.
 */
export async function ensureTestServer(opts: { toolsDir: string; logger: Logger }): Promise<string | undefined> {
  const home = join(opts.toolsDir, 'test-server');
  const wrapper = join(home, 'temporal-test-server');
  const lib = join(home, 'lib');
  const haveJars = existsSync(lib) && readdirSync(lib).some((f) => f.startsWith('temporal-test-server-'));
  // The SDK starts it as `<path> <port> --enable-time-skipping [extra args]`, and waits 5 s for it
  // to listen: JVM options that shorten start-up (C1 only, the serial collector, no perf data
  // file) matter on a small, busy machine.
  const script = `#!/bin/sh\nexec "\${JAVA:-java}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -cp "${lib}/*" ${TEST_SERVER_MAIN} "$@"\n`;
  const writeWrapper = () => {
    writeFileSync(wrapper, script);
    chmodSync(wrapper, 0o755);
  };
  if (haveJars) {
    // A wrapper written by an older version is brought up to date; the jars are kept.
    if (!isExecutable(wrapper) || readFileSync(wrapper, 'utf8') !== script) writeWrapper();
    return wrapper;
  }
  const java = findOnPath('java');
  const mvn = findOnPath('mvn');
  if (!java || !mvn) return undefined;

  mkdirSync(lib, { recursive: true });
  opts.logger.info({ into: lib }, 'Fetching the Temporal time-skipping test server from Maven Central, once');
  const started = Date.now();
  await run(
    mvn,
    ['-B', '-q', '-f', join(projectRoot(), 'scripts/test-server/pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`],
    { env: process.env, logger: opts.logger, what: 'mvn dependency:copy-dependencies' },
  );
  writeWrapper();
  opts.logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Test server ready');
  return wrapper;
}

/** The pinned requirements of the fuzzer: schemathesis and every package it pulls in. */
export const SCHEMATHESIS_REQUIREMENTS = 'scripts/fuzz/requirements.txt';

/** The pinned Schemathesis version, as `scripts/fuzz/requirements.txt` says. */
export function schemathesisVersion(): string {
  const pin = /^schemathesis==(\S+)/m.exec(readFileSync(join(projectRoot(), SCHEMATHESIS_REQUIREMENTS), 'utf8'));
  if (!pin) throw new Error(`${SCHEMATHESIS_REQUIREMENTS} does not pin schemathesis==<version>`);
  return pin[1];
}

/**
 * The `st` executable of a virtualenv in the tools folder, when it was installed from the current
 * requirements (a copy of them is kept beside it); undefined otherwise.
 */
export function findSchemathesis(toolsDir: string): string | undefined {
  const home = join(toolsDir, 'schemathesis');
  const st = join(home, 'bin', 'st');
  const stamp = join(home, 'installed-requirements.txt');
  if (!isExecutable(st) || !existsSync(stamp)) return undefined;
  const wanted = readFileSync(join(projectRoot(), SCHEMATHESIS_REQUIREMENTS), 'utf8');
  return readFileSync(stamp, 'utf8') === wanted ? st : undefined;
}

/** How to get Schemathesis where it is missing: the message the fuzz tests fail with. */
export function schemathesisInstallHint(toolsDir: string): string {
  return (
    `Schemathesis ${schemathesisVersion()} is not installed in ${join(toolsDir, 'schemathesis')}: \`npm test\` installs it in its global setup, as does \`npm run tools\` ` +
    `(with the same TOOLS_DIR; it needs python3 with venv and pip, and PyPI). By hand: python3 -m venv ${join(toolsDir, 'schemathesis')} && ` +
    `${join(toolsDir, 'schemathesis', 'bin', 'pip')} install -r ${SCHEMATHESIS_REQUIREMENTS} && cp ${SCHEMATHESIS_REQUIREMENTS} ${join(toolsDir, 'schemathesis', 'installed-requirements.txt')}`
  );
}

export type SchemathesisResult = { path: string; source: 'tools' | 'installed' } | { unavailable: string };

/**
 * Schemathesis in a virtualenv under the tools folder, pip-installed from the pinned requirements
 * once and reused while they stay the same. Without python3, venv or pip it says which is missing
 * instead of failing; a pip install that fails (no PyPI) is an error.
 */
export async function ensureSchemathesis(opts: { toolsDir: string; logger: Logger }): Promise<SchemathesisResult> {
  const found = findSchemathesis(opts.toolsDir);
  if (found) return { path: found, source: 'tools' };
  const python = findOnPath('python3');
  if (!python) return { unavailable: 'python3 is not on PATH (Schemathesis is a Python tool: install python3 with venv and pip)' };

  const home = join(opts.toolsDir, 'schemathesis');
  const requirements = join(projectRoot(), SCHEMATHESIS_REQUIREMENTS);
  rmSync(home, { recursive: true, force: true }); // an older pin or a broken install: start clean
  mkdirSync(opts.toolsDir, { recursive: true });
  opts.logger.info({ version: schemathesisVersion(), into: home }, 'Installing Schemathesis from PyPI into a virtualenv, once');
  const started = Date.now();
  try {
    await run(python, ['-m', 'venv', home], { env: process.env, logger: opts.logger, what: 'python3 -m venv' });
  } catch (err) {
    rmSync(home, { recursive: true, force: true });
    return { unavailable: `python3 cannot create a virtualenv (on Debian/Ubuntu: apt install python3-venv): ${(err as Error).message}` };
  }
  const pip = join(home, 'bin', 'pip');
  if (!isExecutable(pip)) {
    rmSync(home, { recursive: true, force: true });
    return { unavailable: 'pip is missing: python3 made a virtualenv without pip (install python3-pip / python3-venv, or run python3 -m ensurepip)' };
  }
  await run(pip, ['install', '--disable-pip-version-check', '--no-input', '-q', '-r', requirements], {
    env: process.env,
    logger: opts.logger,
    what: `pip install -r ${SCHEMATHESIS_REQUIREMENTS}`,
  });
  const st = join(home, 'bin', 'st');
  if (!isExecutable(st)) throw new Error(`pip install finished but ${st} is missing`);
  writeFileSync(join(home, 'installed-requirements.txt'), readFileSync(requirements, 'utf8'));
  opts.logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Schemathesis ready');
  return { path: st, source: 'installed' };
}

/**
 * Debian's packages the browser and document tests drive: the browser, fonts that draw the Chinese
 * text, and poppler-utils (`pdftotext`, `pdffonts`, `pdftoppm`) that read the product's PDFs back.
 */
export const BROWSER_PACKAGES = ['chromium', 'fonts-noto-cjk', 'poppler-utils'];

export type BrowserResult = { ready: true; installed: boolean } | { ready: false; missing: string };

function hasCjkFonts(): boolean {
  const fcList = findOnPath('fc-list');
  if (!fcList) return false;
  try {
    return /Noto Sans CJK/i.test(execFileSync(fcList, [], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  } catch {
    return false;
  }
}

/**
 * Chromium, CJK fonts and poppler's PDF tools for the browser and document tests. Where any is
 * missing and we run as root with apt-get, all three are installed (apt-get update first if the
 * package lists are stale); otherwise one line says which command installs them, and the tests fail
 * saying the same.
 */
export async function ensureBrowser(opts: { chromiumPath: string; logger: Logger }): Promise<BrowserResult> {
  const missing = [
    ...(isExecutable(opts.chromiumPath) ? [] : [`Chromium (${opts.chromiumPath})`]),
    ...(hasCjkFonts() ? [] : ['the Noto CJK fonts']),
    ...(findOnPath('pdftotext') ? [] : ['pdftotext (poppler-utils)']),
  ];
  if (!missing.length) return { ready: true, installed: false };
  const command = `apt-get install -y ${BROWSER_PACKAGES.join(' ')}`;
  const aptGet = findOnPath('apt-get');
  if (process.getuid?.() !== 0 || !aptGet) {
    const line = `${missing.join(' and ')} missing: run \`${process.getuid?.() === 0 ? '' : 'sudo '}${command}\` (the browser and document tests fail until then)`;
    opts.logger.warn(line);
    return { ready: false, missing: line };
  }
  opts.logger.info(`${missing.join(' and ')} missing: installing ${BROWSER_PACKAGES.join(', ')} with apt-get, once (a few minutes)`);
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => run(aptGet, ['install', '-y', '-qq', ...BROWSER_PACKAGES], { env, logger: opts.logger, what: 'apt-get install' });
  try {
    await install().catch(async () => {
      await run(aptGet, ['update', '-qq'], { env, logger: opts.logger, what: 'apt-get update' });
      await install();
    });
  } catch (err) {
    const line = `Could not install ${BROWSER_PACKAGES.join(', ')} (${(err as Error).message.split('\n')[0]}): run \`${command}\` (the browser and document tests fail until then)`;
    opts.logger.warn(line);
    return { ready: false, missing: line };
  }
  if (!isExecutable(opts.chromiumPath)) {
    const line = `${BROWSER_PACKAGES.join(', ')} installed, but there is no Chromium at ${opts.chromiumPath}: set CHROMIUM_PATH to it (the browser and document tests fail until then)`;
    opts.logger.warn(line);
    return { ready: false, missing: line };
  }
  opts.logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, `${BROWSER_PACKAGES.join(', ')} installed`);
  return { ready: true, installed: true };
}

function run(
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; logger: Logger; what: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const started = Date.now();
    const progress = setInterval(
      () => opts.logger.info(`${opts.what}: still working (${Math.round((Date.now() - started) / 1000)} s)`),
      30_000,
    );
    child.on('error', (err) => {
      clearInterval(progress);
      reject(new Error(`${opts.what} could not start: ${err.message}`));
    });
    child.on('exit', (code) => {
      clearInterval(progress);
      if (code === 0) resolve();
      else reject(new Error(`${opts.what} failed (exit ${code}): ${command} ${args.join(' ')}\n${output}`));
    });
  });
}
