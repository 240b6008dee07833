import type { Embedder, EmbeddingSource, EmbeddingText, VectorIndex, VectorMatch } from "./ports.js";

/**
 * Keeps the vector index in step with the papers: embeds papers added since the last run and applies text changes
 * (re-embedding edited papers, removing deleted ones). Progress is checkpointed — vectors saved first, then the
 * state — so a run that stops halfway resumes where the last checkpoint left off; re-embedding the few papers after
 * it is harmless because a paper's vector is replaced, never duplicated.
 */

export interface IndexerState {
  /** The embedder the vectors came from; another one means starting over. */
  readonly embedderId: string;
  /** Every paper with a seq up to this one has been embedded. */
  readonly lastSeq: number;
  /** Every text change up to this one has been applied. */
  readonly lastChangeId: number;
}

export interface IndexerStateStore {
  load(): Promise<IndexerState | null>;
  save(state: IndexerState): Promise<void>;
}

export interface SemanticIndexerOptions {
  readonly embedder: Embedder;
  readonly vectors: VectorIndex;
  readonly source: EmbeddingSource;
  readonly state: IndexerStateStore;
  /** Papers (or changes) embedded per call to the embedder. */
  readonly batchSize: number;
  /** Papers and changes between checkpoints: saving a large index takes a while, losing work takes longer. */
  readonly checkpointEvery?: number;
}

export interface SemanticIndexProgress {
  readonly phase: "papers" | "changes";
  readonly done: number;
  /** Papers to embed in this run, when known. */
  readonly total: number | null;
}

export interface SemanticSyncReport {
  readonly rebuilt: boolean;
  readonly embedded: number;
  readonly reembedded: number;
  readonly removed: number;
}

export interface SemanticIndexer {
  /** Brings the index up to date; starts over when there is no state or it names another embedder. */
  sync(onProgress?: (progress: SemanticIndexProgress) => void): Promise<SemanticSyncReport>;
  /** Forgets the state and embeds every paper again. */
  rebuild(onProgress?: (progress: SemanticIndexProgress) => void): Promise<SemanticSyncReport>;
  /** The papers most similar to a paper (not itself); empty when the paper has no vector. */
  similarTo(seq: number, k: number): VectorMatch[];
  /** The papers most similar to a free-text query; empty when no query word is known to the embedder. */
  searchText(query: string, k: number): Promise<VectorMatch[]>;
}

const DEFAULT_CHECKPOINT_EVERY = 10_000;

/** The text embedded for a paper: the title on the first line (the LSA embedder weighs it), then the abstract. */
export function composeEmbeddingText(paper: EmbeddingText): string {
  return `${paper.title.replace(/\s+/g, " ").trim()}\n${paper.abstract}`;
}

export function createSemanticIndexer(options: SemanticIndexerOptions): SemanticIndexer {
  const { embedder, vectors, source, state } = options;
  const checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;

  const checkpoint = async (current: IndexerState) => {
    await vectors.save();
    await state.save(current);
  };

  const assertDimensionsMatch = () => {
    if (embedder.dimensions !== vectors.dimensions) {
      throw new Error(
        `embedder ${embedder.id} makes ${embedder.dimensions}-dimensional vectors, the vector index holds ` +
          `${vectors.dimensions}: open an index for this embedder`,
      );
    }
  };

  const run = async (start: IndexerState, isRebuild: boolean, onProgress?: (p: SemanticIndexProgress) => void) => {
    let current = start;
    let sinceCheckpoint = 0;
    const counts = { embedded: 0, reembedded: 0, removed: 0 };
    const total = isRebuild ? await source.countPapers() : null;
    for (;;) {
      const papers = await source.papersAfter(current.lastSeq, options.batchSize);
      if (papers.length === 0) break;
      const seqs = papers.map((paper) => paper.seq);
      vectors.upsert(seqs, await embedder.embedDocuments(papers.map(composeEmbeddingText)));
      // Starting over: a seq skipped between two papers belongs to a deleted paper whose old vector must go.
      if (isRebuild) counts.removed += removeSkippedSeqs(vectors, current.lastSeq, seqs);
      current = { ...current, lastSeq: seqs.at(-1)! };
      counts.embedded += papers.length;
      onProgress?.({ phase: "papers", done: counts.embedded, total });
      if ((sinceCheckpoint += papers.length) >= checkpointEvery) {
        await checkpoint(current);
        sinceCheckpoint = 0;
      }
    }
    let changesDone = 0;
    for (;;) {
      const changes = await source.changesAfter(current.lastChangeId, options.batchSize);
      if (changes.length === 0) break;
      const applied = await applyChanges(embedder, vectors, changes, current.lastSeq);
      counts.reembedded += applied.reembedded;
      counts.removed += applied.removed;
      current = { ...current, lastChangeId: changes.at(-1)!.changeId };
      onProgress?.({ phase: "changes", done: (changesDone += changes.length), total: null });
      if ((sinceCheckpoint += changes.length) >= checkpointEvery) {
        await checkpoint(current);
        sinceCheckpoint = 0;
      }
    }
    await checkpoint(current);
    return { rebuilt: isRebuild, ...counts };
  };

  const rebuild = async (onProgress?: (p: SemanticIndexProgress) => void) => {
    assertDimensionsMatch();
    // Changes made before now are already in the papers' texts: only later ones need applying afterwards.
    const start = { embedderId: embedder.id, lastSeq: 0, lastChangeId: await source.latestChangeId() };
    await state.save(start);
    return run(start, true, onProgress);
  };

  return {
    async sync(onProgress) {
      assertDimensionsMatch();
      const saved = await state.load();
      if (saved === null || saved.embedderId !== embedder.id) return rebuild(onProgress);
      // A rebuild that stopped halfway resumes as a rebuild would have gone on: from its last checkpoint.
      return run(saved, false, onProgress);
    },
    rebuild,
    similarTo(seq, k) {
      const vector = vectors.get(seq);
      if (vector === null) return [];
      return vectors
        .nearest(vector, k + 1)
        .filter((match) => match.seq !== seq)
        .slice(0, k);
    },
    async searchText(query, k) {
      return vectors.nearest(await embedder.embedQuery(query), k);
    },
  };
}

/** Re-embeds changed papers and removes deleted ones; the last change of a paper in the batch wins. */
async function applyChanges(
  embedder: Embedder,
  vectors: VectorIndex,
  changes: readonly { seq: number; text: EmbeddingText | null }[],
  lastSeq: number,
): Promise<{ reembedded: number; removed: number }> {
  const latest = new Map(changes.map((change) => [change.seq, change.text]));
  const removals = [...latest].filter(([, text]) => text === null).map(([seq]) => seq);
  // A paper beyond lastSeq arrived after this run's scan: the next run embeds its current text anyway.
  const edits = [...latest.values()].filter((text): text is EmbeddingText => text !== null && text.seq <= lastSeq);
  if (edits.length > 0) {
    vectors.upsert(
      edits.map((text) => text.seq),
      await embedder.embedDocuments(edits.map(composeEmbeddingText)),
    );
  }
  const removed = removals.filter((seq) => vectors.has(seq));
  vectors.remove(removals);
  return { reembedded: edits.length, removed: removed.length };
}

function removeSkippedSeqs(vectors: VectorIndex, previousSeq: number, seqs: readonly number[]): number {
  const skipped: number[] = [];
  let expected = previousSeq + 1;
  for (const seq of seqs) {
    for (; expected < seq; expected++) if (vectors.has(expected)) skipped.push(expected);
    expected = seq + 1;
  }
  vectors.remove(skipped);
  return skipped.length;
}
