/** Redraws at most this often, so a fast import is not slowed by its own terminal output. */
const REDRAW_INTERVAL_MS = 200;
const BAR_WIDTH = 30;

export interface ProgressBar {
  update(done: number, extra?: string): void;
  finish(): void;
}

/**
 * A one-line progress bar with percentage, rate and ETA on a TTY; nothing elsewhere, so
 * logs and pipes stay clean. `total` and `done` are in the same unit (bytes, records…),
 * `rateOf` converts elapsed progress to the rate shown (e.g. records/s).
 */
export function createProgressBar(options: {
  total: number;
  stream?: NodeJS.WriteStream;
  label: string;
  rate: () => { count: number; unit: string };
}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  let lastDraw = 0;
  if (!stream.isTTY) return { update() {}, finish() {} };

  function draw(done: number, extra = "") {
    const elapsedS = Math.max(0.001, (Date.now() - started) / 1000);
    const fraction = options.total > 0 ? Math.min(1, done / options.total) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const { count, unit } = options.rate();
    const etaS = fraction > 0 ? (elapsedS / fraction) * (1 - fraction) : NaN;
    const line = `${options.label} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(1)}% · ${formatRate(count / elapsedS)} ${unit}/s · ETA ${formatDuration(etaS)}${extra ? ` · ${extra}` : ""}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
  }

  return {
    update(done, extra) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = now;
      draw(done, extra);
    },
    finish() {
      draw(options.total);
      stream.write("\n");
    },
  };
}

function formatRate(perSecond: number): string {
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`
    : `${m}:${String(s % 60).padStart(2, "0")}`;
}
