import { MS_PER_DAY, addDays, formatDay } from "../../lib/dates.js";
import type { PageResult } from "../papers/ports.js";
import { STAR_WINDOW_DAYS, type TrendingScore, computeTrendingScore, rankByHotness } from "./hotness.js";
import type { SignalWindow, TrendingSignalStore } from "./ports.js";
import type { TrendingSignals } from "./trending-signals.js";

/** How far back activity makes a paper a candidate. */
export const TRENDING_WINDOW_DAYS = { day: 1, week: 7, month: 30 } as const;
export type TrendingWindow = keyof typeof TRENDING_WINDOW_DAYS;

/** A ranked list is reused for this long; writes through this process clear it at once. */
const RANKING_CACHE_TTL_MS = 30_000;
const RANKING_CACHE_MAX_ENTRIES = 64;

export interface TrendingQuery {
  /** The day to rank for; omitted: today, or the latest day with activity if earlier. */
  readonly date?: string;
  readonly window: TrendingWindow;
  readonly category?: string;
  readonly hasCode?: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface RankedPaper {
  readonly score: TrendingScore;
  readonly signals: TrendingSignals;
}

export interface TrendingResult extends PageResult<RankedPaper> {
  /** The day the ranking is for. */
  readonly asOf: string;
  /** True when no date was asked for and the hub's data ends before today. */
  readonly isLatestData: boolean;
}

export interface TrendingServiceDeps {
  readonly signals: TrendingSignalStore;
  readonly now: () => Date;
}

export function createTrendingService({ signals, now }: TrendingServiceDeps) {
  const cache = new Map<string, { at: number; ranked: RankedPaper[] }>();

  async function resolveDay(date: string | undefined): Promise<{ asOf: string; isLatestData: boolean }> {
    if (date) return { asOf: date, isLatestData: false };
    const today = formatDay(now());
    const latest = await signals.findLatestActivityDay();
    return latest && latest < today ? { asOf: latest, isLatestData: true } : { asOf: today, isLatestData: false };
  }

  /** The instant scores are computed at: now for today, the end of the day for past days. */
  function momentOf(asOf: string): Date {
    const current = now();
    const endOfDay = new Date(Date.parse(`${asOf}T00:00:00Z`) + MS_PER_DAY - 1);
    return endOfDay < current ? endOfDay : current;
  }

  async function rank(asOf: string, window: TrendingWindow): Promise<RankedPaper[]> {
    const key = `${asOf}|${window}`;
    const cached = cache.get(key);
    if (cached && now().getTime() - cached.at < RANKING_CACHE_TTL_MS) return cached.ranked;
    const active = await signals.listActiveSignals(signalWindow(asOf, TRENDING_WINDOW_DAYS[window]));
    const ranked = scoreAndRank(active, momentOf(asOf));
    if (cache.size >= RANKING_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: now().getTime(), ranked });
    return ranked;
  }

  return {
    async getTrending(query: TrendingQuery): Promise<TrendingResult> {
      const { asOf, isLatestData } = await resolveDay(query.date);
      const ranked = (await rank(asOf, query.window)).filter((r) => matches(r.signals, query));
      return {
        asOf,
        isLatestData,
        items: ranked.slice(query.offset, query.offset + query.limit),
        total: ranked.length,
      };
    },

    /** Scores a given set of papers (a daily list) as of the end of `asOf`. */
    async rankPapers(paperIds: readonly string[], asOf: string): Promise<RankedPaper[]> {
      const listed = await signals.listSignalsFor(paperIds, signalWindow(asOf, TRENDING_WINDOW_DAYS.week));
      return scoreAndRank(listed, momentOf(asOf));
    },

    /** Forgets cached rankings, after an import or a vote. */
    invalidate(): void {
      cache.clear();
    },
  };
}

export type TrendingService = ReturnType<typeof createTrendingService>;

function signalWindow(asOf: string, days: number): SignalWindow {
  return { from: addDays(asOf, -days + 1), to: asOf, starsBefore: addDays(asOf, -STAR_WINDOW_DAYS) };
}

function scoreAndRank(all: readonly TrendingSignals[], moment: Date): RankedPaper[] {
  const byId = new Map(all.map((s) => [s.paperId, s]));
  return rankByHotness(all.map((s) => computeTrendingScore(s, moment))).map((score) => ({
    score,
    signals: byId.get(score.paperId)!,
  }));
}

function matches(signals: TrendingSignals, query: TrendingQuery): boolean {
  if (query.category && !signals.categories.some((c) => c === query.category || c.startsWith(`${query.category}.`))) {
    return false;
  }
  if (query.hasCode && signals.githubRepo === null) return false;
  return true;
}
