import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryBytes: number;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverageAtStart: number;
}

export function describeMachine(): MachineInfo {
  return {
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    loadAverageAtStart: loadavg()[0]!,
  };
}

export function readLoadAverage(): number {
  return loadavg()[0]!;
}
