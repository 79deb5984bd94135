/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the server's main thread spent its
 * time, by function (self time) and by package or source folder.
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time. */
  share: number;
}

/** A stretch of a profile, in milliseconds since the process was launched. */
export interface ProfileWindow {
  label: string;
  fromMs: number;
  toMs: number;
}

export interface ProfileSummary {
  file: string;
  label: string;
  totalMs: number;
  idleMs: number;
  busyMs: number;
  topFunctions: ProfileRow[];
  byArea: ProfileRow[];
  /** Inclusive time of a few functions worth knowing about, if present. */
  inclusive: ProfileRow[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

const shortUrl = (url: string, root: string): string => {
  if (url === '') return '';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = relative(root, fileURLToPath(url));
    } catch {
      path = url;
    }
  }
  return path;
};

/** Which package or source folder a frame belongs to. */
const areaOf = (path: string, functionName: string): string => {
  if (SPECIAL.has(functionName)) return functionName;
  if (path === '') return '(native / V8 builtins)';
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]!.split(':')[0]}`;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = /^dist\/([^/]+)/.exec(path);
  if (dist) return `src/${dist[1]}`;
  return path.split('/').slice(0, 2).join('/');
};

const WATCH = [
  'sealBallots',
  'submitBallots',
  'resolveToken',
  'resumeSession',
  'insertBallotRuns',
  'findLotteries',
  'executeQuery',
  'serialize',
  'hashSecret',
];

export const summariseProfile = (
  file: string,
  root: string,
  window?: ProfileWindow,
  top = 25,
): ProfileSummary => {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at / 1000 < window.fromMs || at / 1000 > window.toMs)) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  let totalUs = 0;
  let idleUs = 0;
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    totalUs += us;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const path = shortUrl(url, root);
    const name = SPECIAL.has(functionName)
      ? functionName
      : `${functionName || '(anonymous)'} ${path ? `${path}:${lineNumber + 1}` : '(native)'}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const area = areaOf(path, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    // Inclusive time: charge every watched ancestor once per sample stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = byId.get(at)!.callFrame.functionName;
      if (WATCH.includes(fn) && !seen.has(fn)) {
        seen.add(fn);
        inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
      }
    }
  }
  const busyUs = totalUs - idleUs;
  const rows = (map: Map<string, number>, limit: number): ProfileRow[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return {
    file,
    label: window?.label ?? 'whole run',
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    topFunctions: rows(functions, top),
    byArea: rows(areas, top),
    inclusive: rows(inclusive, WATCH.length),
  };
};

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

export const renderProfile = (summary: ProfileSummary): string => {
  const lines = [
    `## ${summary.label}`,
    '',
    `Profile: \`${basename(summary.file)}\``,
    '',
    `Sampled ${(summary.totalMs / 1000).toFixed(1)} s: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s. Shares are of the busy time.`,
    '',
    '| Self time by function | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.topFunctions.map((r) => `| \`${r.name}\` | ${r.ms.toFixed(0)} | ${pct(r.share)} |`),
    '',
    '| Self time by package / folder | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.byArea.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} | ${pct(r.share)} |`),
    '',
    '| Inclusive time of selected functions | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.inclusive.map((r) => `| \`${r.name}\` | ${r.ms.toFixed(0)} | ${pct(r.share)} |`),
    '',
  ];
  return lines.join('\n');
};
