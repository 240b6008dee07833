import type { SqliteDatabase } from "../sqlite-database.js";

/**
 * Where an impact-list build has got to (migrations/sqlite/013_search_list_build_progress.sql),
 * so that an interrupted build resumes with the atoms it had not finished. A build that finds
 * one under way with the same settings carries on from it, and records the collection as that
 * build first saw it: papers added or changed since are then "changed since the build" (the
 * searches score them from their text), as they would be for a build that had just finished.
 */

export interface BuildSnapshot {
  readonly startedAt: string;
  readonly papers: number;
  readonly throughSeq: number;
  readonly throughChange: number;
}

export interface BuildSettings {
  readonly minDocs: number;
  readonly listLength: number;
  readonly format: number;
}

export interface ListBuildProgress {
  /** The collection the lists describe: the first start's when resuming. */
  readonly snapshot: BuildSnapshot;
  /** Atoms finished by an interrupted run: true when they got lists. */
  readonly done: ReadonlyMap<string, boolean>;
  /** Records an atom as finished; call in the transaction that writes its lists. */
  markDone(atom: string, kept: boolean): void;
  /** Forgets the build; call in the transaction that records the finished lists. */
  finish(): void;
}

interface BuildRow {
  started_at: string;
  papers: number;
  through_seq: number;
  through_change: number;
  min_docs: number;
  list_length: number;
  format: number;
}

export function openListBuild(db: SqliteDatabase, now: BuildSnapshot, settings: BuildSettings): ListBuildProgress {
  const under = db.prepare<[], BuildRow>("SELECT * FROM search_list_build WHERE id = 1").get();
  const sameSettings =
    under !== undefined &&
    under.min_docs === settings.minDocs &&
    under.list_length === settings.listLength &&
    under.format === settings.format;
  let snapshot = now;
  const done = new Map<string, boolean>();
  if (sameSettings) {
    snapshot = {
      startedAt: under.started_at,
      papers: under.papers,
      throughSeq: under.through_seq,
      throughChange: under.through_change,
    };
    const rows = db.prepare<[], { atom: string; kept: number }>("SELECT atom, kept FROM search_list_build_atoms").all();
    for (const row of rows) done.set(row.atom, row.kept === 1);
  } else {
    db.transaction(() => {
      db.prepare("DELETE FROM search_list_build_atoms").run();
      db.prepare(
        `INSERT OR REPLACE INTO search_list_build
           (id, started_at, papers, through_seq, through_change, min_docs, list_length, format)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        now.startedAt,
        now.papers,
        now.throughSeq,
        now.throughChange,
        settings.minDocs,
        settings.listLength,
        settings.format,
      );
    })();
  }
  const mark = db.prepare<[string, number]>(
    "INSERT OR REPLACE INTO search_list_build_atoms (atom, kept) VALUES (?, ?)",
  );
  return {
    snapshot,
    done,
    markDone(atom, kept) {
      mark.run(atom, kept ? 1 : 0);
    },
    finish() {
      db.prepare("DELETE FROM search_list_build_atoms").run();
      db.prepare("DELETE FROM search_list_build").run();
    },
  };
}
