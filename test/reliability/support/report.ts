import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The reliability report: every scenario appends one row (what it checked, how many rounds, the
 * result) to a JSON-lines file shared by the whole run, and the Markdown table is written again
 * from all rows after each row, so the last file to finish leaves the complete table.
 *
 * - RELIABILITY_RUN_ID names the run (default: the vitest main process, which all its workers share).
 * - RELIABILITY_REPORT is the Markdown file to write (default: a file in the temp folder). The
 *   table goes between the markers below, so the prose around it in docs/reliability.md stays.
 * - RELIABILITY_COMMAND is the command shown as the one that produced the table.
 */

export const profile: 'ci' | 'soak' = process.env.RELIABILITY_PROFILE === 'soak' ? 'soak' : 'ci';

/** A number for each profile: CI runs the short version of every scenario, the soak the long one. */
export const byProfile = <T>(values: { ci: T; soak: T }): T => values[profile];

export const runId = process.env.RELIABILITY_RUN_ID ?? `vitest-${process.ppid}`;
const folder = join(tmpdir(), 'lottery-reliability');
const rowsFile = join(folder, `${runId}.jsonl`);

export const reportPath = resolve(process.env.RELIABILITY_REPORT ?? join(folder, `${runId}.md`));

export const START = '<!-- reliability-table:start -->';
export const END = '<!-- reliability-table:end -->';

export interface ScenarioRow {
  /** One of `scenarioOrder`. */
  scenario: string;
  database: 'SQLite' | 'PostgreSQL' | 'both' | '-';
  rounds: number;
  checked: string;
  result: 'pass' | 'FAIL';
  /** Counts and observations (requests acknowledged, kills mid-close, statuses seen…). */
  notes: string;
  ms: number;
}

/** The table's order: faults first, then hostile input. */
export const scenarioOrder = [
  'Crash during load',
  'Crash at midnight',
  'Several instances across midnight',
  'Database outage',
  'Disk full',
  'Graceful shutdown',
  'Hostile input (fuzz)',
  'Hostile input (raw HTTP)',
  'Authorization matrix',
  'Brute force',
];

export const recordRow = (row: ScenarioRow): void => {
  mkdirSync(folder, { recursive: true });
  appendFileSync(rowsFile, `${JSON.stringify(row)}\n`);
  writeReport();
};

const readRows = (): ScenarioRow[] =>
  existsSync(rowsFile)
    ? readFileSync(rowsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ScenarioRow)
    : [];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const renderTable = (rows: ScenarioRow[]): string => {
  const rank = (s: string) => {
    const i = scenarioOrder.indexOf(s);
    return i === -1 ? scenarioOrder.length : i;
  };
  const sorted = [...rows].sort(
    (a, b) => rank(a.scenario) - rank(b.scenario) || a.database.localeCompare(b.database),
  );
  const command = process.env.RELIABILITY_COMMAND ?? 'npx vitest run test/reliability';
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  return [
    `Produced by \`${command}\` (profile \`${profile}\`) on ${new Date().toISOString().slice(0, 10)}, ` +
      `${cpus().length} CPUs, Node ${process.version}: ${rows.length} scenario runs, ${failed} failed.`,
    '',
    '| Scenario | Database | Rounds | What was checked | Result | Observed |',
    '| --- | --- | --: | --- | --- | --- |',
    ...sorted.map(
      (r) =>
        `| ${cell(r.scenario)} | ${r.database} | ${r.rounds} | ${cell(r.checked)} | ${r.result === 'pass' ? 'pass' : '**FAIL**'} | ${cell(r.notes)} (${(r.ms / 1000).toFixed(1)} s) |`,
    ),
  ].join('\n');
};

/** Writes the table into the report file, between the markers (or as the whole file). */
export const writeReport = (): void => {
  const table = renderTable(readRows());
  const existing = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '';
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const text =
    start !== -1 && end > start
      ? `${existing.slice(0, start + START.length)}\n\n${table}\n\n${existing.slice(end)}`
      : `# Reliability report\n\n${START}\n\n${table}\n\n${END}\n`;
  mkdirSync(dirname(reportPath), { recursive: true });
  const temp = `${reportPath}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, reportPath);
};

export interface ScenarioNotes {
  rounds: number;
  /** Short observations, joined with "; " in the table. */
  notes: string[];
}

/**
 * Runs a scenario and records its row whatever happens: `pass` when it returns, `FAIL` (with the
 * first line of the error) when it throws, which it then rethrows.
 */
export const scenario = async (
  meta: { scenario: string; database: ScenarioRow['database']; checked: string },
  run: (notes: ScenarioNotes) => Promise<void>,
): Promise<void> => {
  const notes: ScenarioNotes = { rounds: 0, notes: [] };
  const started = Date.now();
  try {
    await run(notes);
    recordRow({
      ...meta,
      rounds: notes.rounds,
      result: 'pass',
      notes: notes.notes.join('; '),
      ms: Date.now() - started,
    });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')[0]!
      .slice(0, 200);
    recordRow({
      ...meta,
      rounds: notes.rounds,
      result: 'FAIL',
      notes: [...notes.notes, `failed: ${message}`].join('; '),
      ms: Date.now() - started,
    });
    throw error;
  }
};
