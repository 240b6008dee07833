import type { TrendingSignals } from "./trending-signals.js";

export interface SignalWindow {
  /** First day of activity considered (inclusive). */
  readonly from: string;
  /** The trending day (inclusive): nothing after it is read. */
  readonly to: string;
  /** Star counts are compared between `to` and this day. */
  readonly starsBefore: string;
}

/** Reads the activity that trending scores. */
export interface TrendingSignalStore {
  /**
   * Signals of every paper with activity in the window: published, listed, ranked on the
   * HF page, or gaining stars between `starsBefore` and `to`.
   */
  listActiveSignals(window: SignalWindow): Promise<TrendingSignals[]>;
  /** Signals of the given papers as of the window's `to`. */
  listSignalsFor(paperIds: readonly string[], window: SignalWindow): Promise<TrendingSignals[]>;
  /** The latest day with any activity, so trending defaults to a day with data. */
  findLatestActivityDay(): Promise<string | null>;
}
