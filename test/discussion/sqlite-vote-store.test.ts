import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { addPaper, addUser, addUsersQuickly, openCommunityDatabase } from "./community-database.js";
import { transpileForWorkers } from "./transpile-for-workers.js";

const AT = "2026-11-27T12:00:00.000Z";

describe("SQLite vote store", () => {
  let t: ReturnType<typeof openCommunityDatabase>;
  before(async () => {
    t = openCommunityDatabase();
    await addPaper(t.papers, "2611.00001");
    await addPaper(t.papers, "2611.00002", { upvotes: 40 });
  });
  after(() => t.close());

  it("toggles a vote on and off, moving both counts by one", async () => {
    const alice = await addUser(t.users, "alice");
    const { votes } = t.community;
    assert.deepEqual(await votes.toggle(alice.userId, "2611.00002", AT), { voted: true, votes: 1, upvotes: 41 });
    assert.equal((await t.papers.findPaper("2611.00002"))?.upvotes, 41, "the paper (and trending) sees the vote");
    assert.deepEqual(await votes.toggle(alice.userId, "2611.00002", AT), { voted: false, votes: 0, upvotes: 40 });
    assert.deepEqual(await votes.find(alice.userId, "2611.00002"), { voted: false, votes: 0, upvotes: 40 });
  });

  it("sets a vote idempotently and answers null for an unknown paper", async () => {
    const bob = await addUser(t.users, "bob");
    const { votes } = t.community;
    assert.equal((await votes.set(bob.userId, "2611.00001", true, AT))?.votes, 1);
    assert.equal((await votes.set(bob.userId, "2611.00001", true, AT))?.votes, 1);
    assert.deepEqual(await votes.listVotedAmong(bob.userId, ["2611.00001", "2611.00002"]), new Set(["2611.00001"]));
    assert.deepEqual(await votes.listVotedPapers(bob.userId, { offset: 0, limit: 10 }), {
      items: ["2611.00001"],
      total: 1,
    });
    assert.equal((await votes.set(bob.userId, "2611.00001", false, AT))?.votes, 0);
    assert.equal(await votes.toggle(bob.userId, "2611.99999", AT), null);
    assert.equal(await votes.find(null, "2611.99999"), null);
  });

  it("keeps counts exact when an account with votes is deleted", async () => {
    const carol = await addUser(t.users, "carol");
    await t.community.votes.toggle(carol.userId, "2611.00001", AT);
    assert.equal((await t.community.votes.find(null, "2611.00001"))?.votes, 1);
    await t.users.delete(carol.userId);
    assert.deepEqual(await t.community.votes.find(null, "2611.00001"), { voted: false, votes: 0, upvotes: 0 });
  });

  it("an import with an older, lower count does not undo votes cast here", async () => {
    const dave = await addUser(t.users, "dave");
    await t.community.votes.toggle(dave.userId, "2611.00002", AT);
    await addPaper(t.papers, "2611.00002", { upvotes: 40, updated: "2026-11-21", title: "v2" });
    assert.equal((await t.papers.findPaper("2611.00002"))?.upvotes, 41);
  });
});

describe("SQLite vote store under concurrency", () => {
  const VOTERS = 100;
  const { url: workerUrl, remove } = transpileForWorkers(
    [
      "test/discussion/vote-worker.ts",
      "src/adapters/storage/sqlite/sqlite-database.ts",
      "src/adapters/storage/sqlite/sqlite-vote-store.ts",
    ],
    `vote-worker-${process.pid}`,
  );
  after(remove);

  /** One thread and connection per user; `round(n)` makes every voter toggle n times, all at once. */
  function startVoters(file: string, userIds: readonly number[], paperId: string) {
    const startLines = new SharedArrayBuffer(4 * 8);
    // execArgv [] keeps tsx (and its esbuild process) out of the threads: the code is plain JS.
    const workers = userIds.map(
      (userId) =>
        new Worker(workerUrl, {
          execArgv: [],
          workerData: { file, userId, paperId, startLines, voters: userIds.length },
        }),
    );
    let rounds = 0;
    return {
      async round(toggles: number): Promise<(boolean | null)[][]> {
        const answers = workers.map((worker) =>
          Promise.race([
            once(worker, "message").then(([voted]) => voted as (boolean | null)[]),
            once(worker, "error").then(([error]) => Promise.reject(error as Error)),
          ]),
        );
        const round = rounds++;
        for (const worker of workers) worker.postMessage({ round, toggles });
        return Promise.all(answers);
      },
      stop: () => Promise.all(workers.map((w) => w.terminate())),
    };
  }

  it("100 users toggling at once from 100 threads and connections give exactly 100 votes; toggling again removes them", async () => {
    const t = openCommunityDatabase();
    try {
      await addPaper(t.papers, "2611.00009", { upvotes: 7 });
      const voters = startVoters(t.file, addUsersQuickly(t.db, VOTERS), "2611.00009");
      const first = await voters.round(1);
      assert.deepEqual(first.flat(), Array(VOTERS).fill(true));
      assert.deepEqual(await t.community.votes.find(null, "2611.00009"), {
        voted: false,
        votes: VOTERS,
        upvotes: 7 + VOTERS,
      });
      const count = t.db.prepare("SELECT count(*) AS n FROM paper_votes WHERE paper_id = ?").get("2611.00009") as {
        n: number;
      };
      assert.equal(count.n, VOTERS);
      // Each voter toggles twice more, all at once: on, off leaves nothing behind.
      const again = await voters.round(2);
      assert.deepEqual(again.flat(), Array(VOTERS).fill([false, true]).flat());
      assert.deepEqual(await t.community.votes.find(null, "2611.00009"), {
        voted: false,
        votes: VOTERS,
        upvotes: 7 + VOTERS,
      });
      assert.deepEqual((await voters.round(1)).flat(), Array(VOTERS).fill(false));
      assert.deepEqual(await t.community.votes.find(null, "2611.00009"), { voted: false, votes: 0, upvotes: 7 });
      await voters.stop();
    } finally {
      t.close();
    }
  });

  it("one user's 200 simultaneous toggles from ten connections alternate: no two read the same state", async () => {
    const t = openCommunityDatabase();
    try {
      await addPaper(t.papers, "2611.00010");
      const [userId] = addUsersQuickly(t.db, 1);
      const voters = startVoters(t.file, Array(10).fill(userId), "2611.00010");
      const states = (await voters.round(20)).flat();
      assert.equal(states.filter((s) => s === true).length, 100, "as many toggles on as off");
      assert.deepEqual(await t.community.votes.find(userId!, "2611.00010"), { voted: false, votes: 0, upvotes: 0 });
      await voters.stop();
    } finally {
      t.close();
    }
  });
});
