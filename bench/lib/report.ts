import type { CpuShares } from './cpu.js';
import type { Dialect, ScenarioName } from './options.js';

/** A target a figure is held to. */
export type Target =
  | { kind: 'min-ratio'; ratio: number }
  | { kind: 'min'; value: number }
  | { kind: 'max'; value: number };

export interface Figure {
  /** What was measured, e.g. "ballots/s". */
  metric: string;
  value: number;
  unit: string;
  /** The same measurement against the baseline server, when one applies. */
  baseline?: number | undefined;
  target?: Target | undefined;
  note?: string | undefined;
}

export interface ScenarioResult {
  scenario: ScenarioName;
  database: Dialect;
  /** What the scenario did, in one line (shown under the table). */
  label: string;
  figures: Figure[];
  /** Everything measured, for the JSON report. */
  raw: Record<string, unknown>;
  error?: string | undefined;
}

export type Verdict = 'pass' | 'fail' | '';

export const ratioOf = (figure: Figure): number | undefined =>
  figure.baseline !== undefined && figure.baseline > 0 ? figure.value / figure.baseline : undefined;

export const verdict = (figure: Figure): Verdict => {
  const target = figure.target;
  if (!target || !Number.isFinite(figure.value)) return target ? 'fail' : '';
  switch (target.kind) {
    case 'min-ratio': {
      const ratio = ratioOf(figure);
      return ratio !== undefined && ratio >= target.ratio ? 'pass' : 'fail';
    }
    case 'min':
      return figure.value >= target.value ? 'pass' : 'fail';
    case 'max':
      return figure.value < target.value ? 'pass' : 'fail';
  }
};

const group = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A number for the table: grouped thousands, fewer decimals as it grows. */
export const formatNumber = (n: number): string => {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 100) return group(n);
  if (abs >= 10) return group(n, 1);
  return group(n, 2);
};

const formatValue = (value: number, unit: string) =>
  `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;

export const formatTarget = (figure: Figure): string => {
  const target = figure.target;
  if (!target) return '';
  switch (target.kind) {
    case 'min-ratio':
      return `≥ ${Math.round(target.ratio * 100)}% of baseline`;
    case 'min':
      return `≥ ${formatValue(target.value, figure.unit)}`;
    case 'max':
      return `< ${formatValue(target.value, figure.unit)}`;
  }
};

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  postgres?: string | undefined;
  /** 1-minute load average when the run started and ended: other work on the machine. */
  loadAverage: { start: number; end?: number };
  /** The CPUs over 2 s before anything ran: other work, and what the hypervisor took. */
  quiet?: CpuShares | undefined;
  /** The hypervisor's mean and largest share of CPU time during the load measurements. */
  stealDuringLoad?: { mean: number; max: number } | undefined;
}

/** A quiet machine: little busy before the run, little taken by the hypervisor during it. */
export const disturbed = (m: MachineInfo): string | undefined => {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  if (m.quiet === undefined) {
    return m.loadAverage.start > m.cpus / 2 ? 'the load average was high' : undefined;
  }
  const reasons: string[] = [];
  if (m.quiet.busy > 0.15) reasons.push(`other work kept the CPUs ${pct(m.quiet.busy)} busy`);
  const steal = Math.max(m.quiet.steal, m.stealDuringLoad?.mean ?? 0);
  if (steal > 0.05) reasons.push(`the hypervisor took ${pct(steal)} of the CPU time`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
};

export interface Report {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  options: Record<string, unknown>;
  machine: MachineInfo;
  results: ScenarioResult[];
}

const cpuLine = (m: MachineInfo): string => {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const parts: string[] = [];
  if (m.quiet) {
    parts.push(
      ` Before the run, with nothing of the suite running, the CPUs were ${pct(m.quiet.busy)} busy and the hypervisor took ${pct(m.quiet.steal)} of their time (steal)`,
    );
  }
  if (m.stealDuringLoad) {
    parts.push(
      `${parts.length > 0 ? ';' : ''} during the load measurements it took ${pct(m.stealDuringLoad.mean)} on average, ${pct(m.stealDuringLoad.max)} at most`,
    );
  }
  const why = disturbed(m);
  return `${parts.join('')}${parts.length > 0 ? '.' : ''}${why ? ` **Disturbed run (${why}): figures are depressed and noisy.**` : ''}`;
};

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const renderMarkdown = (report: Report): string => {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(`# Benchmark results`);
  lines.push('');
  lines.push(
    `Run ${report.startedAt} → ${report.finishedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}. Server, load generator and database share these CPUs; 1-minute load average ${m.loadAverage.start.toFixed(1)} at the start, ${m.loadAverage.end?.toFixed(1) ?? '?'} at the end.${cpuLine(m)}`,
  );
  if (report.quick) {
    lines.push('');
    lines.push(
      '**Quick mode:** tiny sizes and 1-second measurements; the figures only show that the suite runs.',
    );
  }
  lines.push('');
  lines.push(
    'Baseline: a bare Fastify route returning a fixed JSON body (bench/baseline-server.ts), loaded with the same requests, connections and duration in the same run, right before and right after each measurement (the mean of both runs; one run, before, with --quick). See [docs/performance.md](../../docs/performance.md).',
  );
  lines.push('');
  lines.push(
    `Server: \`node bin/lottery.js serve\` from dist/, NODE_ENV=production, LOG_LEVEL=${String(report.options.logLevel ?? 'warn')}, rate limits raised to 1,000,000, scheduler on; its own process on 127.0.0.1, loaded by autocannon from another process.`,
  );
  lines.push('');
  lines.push('| Scenario | DB | Figure | Value | Baseline | Ratio | Target | Result |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | --- | --- |');
  const pass = { pass: 0, fail: 0 };
  for (const result of report.results) {
    if (result.error !== undefined) {
      lines.push(
        `| ${result.scenario} | ${result.database} | error | | | | | **error**: ${escapeCell(result.error.split('\n')[0]!.slice(0, 200))} |`,
      );
      continue;
    }
    for (const figure of result.figures) {
      const ratio = ratioOf(figure);
      const v = verdict(figure);
      if (v !== '') pass[v] += 1;
      lines.push(
        `| ${result.scenario} | ${result.database} | ${escapeCell(figure.metric)}${figure.note ? ` (${escapeCell(figure.note)})` : ''} | ${formatValue(figure.value, figure.unit)} | ${figure.baseline !== undefined ? formatValue(figure.baseline, figure.unit) : ''} | ${ratio !== undefined ? `${Math.round(ratio * 100)}%` : ''} | ${formatTarget(figure)} | ${v === 'pass' ? 'pass' : v === 'fail' ? '**FAIL**' : ''} |`,
      );
    }
  }
  lines.push('');
  const errors = report.results.filter((r) => r.error !== undefined).length;
  lines.push(
    `Targets: ${pass.pass} pass, ${pass.fail} fail${errors > 0 ? `; ${errors} scenario run(s) failed` : ''}.`,
  );
  lines.push('');
  lines.push('## What each row did');
  lines.push('');
  const seen = new Set<string>();
  for (const result of report.results) {
    const key = `${result.scenario}/${result.database}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`- **${result.scenario} / ${result.database}**: ${escapeCell(result.label)}`);
  }
  lines.push('');
  return lines.join('\n');
};
