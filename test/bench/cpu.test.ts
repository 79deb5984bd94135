import { describe, expect, it } from 'vitest';
import { cpuShares, readCpuTimes } from '../../bench/lib/cpu.js';
import { disturbed, type MachineInfo } from '../../bench/lib/report.js';

describe('the bench’s reading of the CPUs', () => {
  it('reads cumulative CPU times from /proc/stat', () => {
    const times = readCpuTimes();
    expect(times).toBeDefined();
    expect(times!.total).toBeGreaterThanOrEqual(times!.idle + times!.steal);
  });

  it('splits a stretch of time into busy, stolen and idle shares', () => {
    const before = { total: 1000, idle: 800, steal: 10 };
    const after = { total: 2000, idle: 1300, steal: 110 };
    const shares = cpuShares(before, after)!;
    expect(shares.steal).toBeCloseTo(0.1);
    expect(shares.busy).toBeCloseTo(0.4);
    expect(cpuShares(before, before)).toBeUndefined();
    expect(cpuShares(undefined, after)).toBeUndefined();
  });

  it('calls a run disturbed when other work or the hypervisor took the CPUs, and says which', () => {
    const machine: MachineInfo = {
      cpus: 2,
      cpuModel: 'test',
      memoryGiB: 1,
      node: '20',
      platform: 'linux',
      loadAverage: { start: 2 },
      quiet: { busy: 0.02, steal: 0.001 },
    };
    expect(disturbed(machine)).toBeUndefined();
    expect(disturbed({ ...machine, quiet: { busy: 0.5, steal: 0 } })).toContain('50% busy');
    expect(disturbed({ ...machine, stealDuringLoad: { mean: 0.2, max: 0.4 } })).toContain(
      'hypervisor took 20%',
    );
    expect(disturbed({ ...machine, quiet: undefined })).toBe('the load average was high');
  });
});
