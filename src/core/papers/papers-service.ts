import type { PageRankSample, Paper, DailyListing, StarSample } from "./paper.js";
import type { PageRequest, PaperStore } from "./ports.js";

export interface PaperDetails {
  readonly paper: Paper;
  readonly listings: DailyListing[];
  readonly starHistory: StarSample[];
  readonly pageRanks: PageRankSample[];
}

export function createPapersService({ papers }: { papers: PaperStore }) {
  return {
    findPaper: (id: string) => papers.findPaper(id),
    findPapers: (ids: readonly string[]) => papers.findPapers(ids),

    async getPaperDetails(id: string): Promise<PaperDetails | null> {
      const paper = await papers.findPaper(id);
      if (!paper) return null;
      const [listings, starHistory, pageRanks] = await Promise.all([
        papers.findListings(id),
        paper.githubRepo ? papers.findStarHistory(paper.githubRepo) : Promise.resolve([]),
        papers.findPageRanks(id),
      ]);
      return { paper, listings, starHistory, pageRanks };
    },

    listPapersByAuthor: (name: string, page: PageRequest) => papers.listPapersByAuthor(name, page),
  };
}

export type PapersService = ReturnType<typeof createPapersService>;
