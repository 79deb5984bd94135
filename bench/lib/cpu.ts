/**
 * What the machine's CPUs did over a stretch of time, from /proc/stat (Linux): how much of it
 * was busy, and how much the hypervisor gave to other guests ("steal"). The load average said
 * little on a VM (it read about 2 with nothing running); steal time shows noisy neighbours,
 * which moved this machine's baselines between 10,000 and 35,000 requests/s in one afternoon.
 */
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  total: number;
  idle: number;
  steal: number;
}

/** Cumulative CPU times of all CPUs, in clock ticks; undefined where /proc/stat is missing. */
export const readCpuTimes = (): CpuTimes | undefined => {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const [, ...fields] = line.trim().split(/\s+/);
    const t = fields.slice(0, 8).map(Number);
    if (t.length < 8 || t.some((n) => !Number.isFinite(n))) return undefined;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = t as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      total: user + nice + system + idle + iowait + irq + softirq + steal,
      idle: idle + iowait,
      steal,
    };
  } catch {
    return undefined;
  }
};

export interface CpuShares {
  /** Share of all CPU time that was busy (ours and anybody else's), 0..1. */
  busy: number;
  /** Share of all CPU time the hypervisor gave to other guests, 0..1. */
  steal: number;
}

export const cpuShares = (
  before: CpuTimes | undefined,
  after: CpuTimes | undefined,
): CpuShares | undefined => {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const steal = (after.steal - before.steal) / total;
  return { busy: 1 - (after.idle - before.idle) / total - steal, steal };
};

/** The CPUs over `ms` of doing nothing ourselves: what other work takes from the suite. */
export const quietProbe = async (ms = 2000): Promise<CpuShares | undefined> => {
  const before = readCpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuShares(before, readCpuTimes());
};
