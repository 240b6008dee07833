import type { StarSample } from "../../core/papers/paper.js";
import { formatHumanDay } from "../../lib/dates.js";
import { formatCompactCount, formatCount, plural } from "./format.js";

/** Drawing size in SVG user units; the chart scales to its container with CSS. */
const WIDTH = 640;
const HEIGHT = 220;
const PADDING = { top: 14, right: 14, bottom: 30, left: 52 };
/** Beyond this many samples the per-day dots become noise; the line alone reads better. */
const MAX_DOTS = 60;

interface Point {
  readonly x: number;
  readonly y: number;
  readonly sample: StarSample;
}

/**
 * The repository's star count over time as an inline SVG line chart: no script, readable
 * by screen readers through its title and description, and a text summary beside it.
 */
export function StarChart({ samples, repo }: { samples: readonly StarSample[]; repo: string }) {
  const sorted = [...samples].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (sorted.length < 2) {
    return (
      <p class="muted">
        Not enough star history for a chart yet: this hub has{" "}
        {sorted.length === 1 ? `one observation (${formatCount(sorted[0]!.stars)} stars)` : "no observations"} of {repo}
        .
      </p>
    );
  }
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const top = niceCeiling(Math.max(...sorted.map((s) => s.stars)));
  const points = toPoints(sorted, top);
  const summary = `From ${formatCount(first.stars)} stars on ${formatHumanDay(first.day)} to ${formatCount(last.stars)} on ${formatHumanDay(last.day)}, ${plural(sorted.length, "observation")}.`;
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
  const baseline = HEIGHT - PADDING.bottom;
  const area = `${line} L${points.at(-1)!.x.toFixed(1)},${baseline} L${points[0]!.x.toFixed(1)},${baseline} Z`;
  return (
    <figure class="panel">
      <svg
        class="star-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="star-chart-title star-chart-desc"
      >
        <title id="star-chart-title">{`GitHub stars of ${repo}`}</title>
        <desc id="star-chart-desc">{summary}</desc>
        <Gridlines top={top} />
        <path class="area" d={area} />
        <path class="line" d={line} />
        {points.length <= MAX_DOTS &&
          points.map((p) => (
            <circle class="dot" cx={p.x.toFixed(1)} cy={p.y.toFixed(1)} r="3.5">
              <title>{`${formatHumanDay(p.sample.day)}: ${formatCount(p.sample.stars)} stars`}</title>
            </circle>
          ))}
        <text x={PADDING.left} y={HEIGHT - 8}>
          {formatHumanDay(first.day)}
        </text>
        <text x={WIDTH - PADDING.right} y={HEIGHT - 8} text-anchor="end">
          {formatHumanDay(last.day)}
        </text>
      </svg>
      <figcaption class="muted">{summary}</figcaption>
    </figure>
  );
}

/** Horizontal lines at 0, half and the top of the scale, labelled on the left. */
function Gridlines({ top }: { top: number }) {
  return (
    <>
      {[0, top / 2, top].map((value) => {
        const y = yOf(value, top).toFixed(1);
        return (
          <>
            <line class="grid" x1={PADDING.left} x2={WIDTH - PADDING.right} y1={y} y2={y} />
            <text x={PADDING.left - 8} y={y} text-anchor="end" dominant-baseline="middle">
              {formatCompactCount(value)}
            </text>
          </>
        );
      })}
    </>
  );
}

function toPoints(sorted: readonly StarSample[], top: number): Point[] {
  const start = Date.parse(sorted[0]!.day);
  const span = Math.max(1, Date.parse(sorted.at(-1)!.day) - start);
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  return sorted.map((sample) => ({
    x: PADDING.left + ((Date.parse(sample.day) - start) / span) * plotWidth,
    y: yOf(sample.stars, top),
    sample,
  }));
}

function yOf(value: number, top: number): number {
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  return PADDING.top + plotHeight * (1 - value / top);
}

/** The smallest 1, 2 or 5 × 10^k at or above `n` (at least 10), so gridline labels are round. */
export function niceCeiling(n: number): number {
  if (n <= 10) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  const step = [1, 2, 5, 10].find((s) => s * magnitude >= n)!;
  return step * magnitude;
}
