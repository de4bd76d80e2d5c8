// axe-core's WCAG 2.0 A/AA rules run in a browser page (GB/T 37668, the standard for government web
// services in China, is built on WCAG 2.0 AA): what the page breaks, rule by rule, node by node.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** How badly a rule's breach hurts someone using assistive technology, in axe's words. */
export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeViolation {
  id: string;
  impact: AxeImpact | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

const BLOCKING: ReadonlySet<AxeImpact | null> = new Set<AxeImpact | null>(['serious', 'critical']);

let source: string | undefined;
function axeSource(): string {
  source ??= readFileSync(require.resolve('axe-core'), 'utf8');
  return source;
}

/** Every WCAG 2 A/AA violation axe finds on what the page shows now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  // Evaluated rather than added as a <script>: the product's Content-Security-Policy (script-src
  // 'self') refuses an inline script, as it should; the DevTools protocol's evaluation is not a page script.
  if (!loaded) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    // This runs in the page (the tests' tsconfig has no DOM types): the page's window is globalThis.
    const { axe, document } = globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    // Only what the report needs crosses back: axe's results hold the whole DOM's worth of detail.
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** One readable paragraph per rule: its id and impact, what it asks, and each node that breaks it. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n\s*/g, ' ').slice(0, 240)}` : ''}`);
      return `${where}: ${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/**
 * Fails when the page breaks a WCAG 2 A/AA rule seriously or critically, printing each rule and its
 * nodes; lesser findings are answered with so a caller may log them.
 */
export async function expectAccessible(page: Page, where: string): Promise<AxeViolation[]> {
  // What the page shows once it is still: a dropdown fading out after a choice is half-transparent
  // (its options fail contrast) and its listbox is empty, neither of which a user is left looking at.
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'detached' });
  const violations = await axeViolations(page);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  if (blocking.length) throw new Error(`axe-core finds ${blocking.length} serious or critical WCAG 2 A/AA violation(s)\n${describeViolations(where, blocking)}`);
  return violations.filter((v) => !BLOCKING.has(v.impact));
}
