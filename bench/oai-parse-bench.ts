// OAI-PMH page parsing speed: `node --import tsx bench/oai-parse-bench.ts [--records 1000] [--trials 15]`.
//
// Builds one ListRecords page of `--records` real arXiv records (the 19 recorded ones of
// test/fixtures/arxiv-oai/recorded/, each repeated under fresh identifiers), then times, in
// alternating order so that drift on a shared machine hits all alike:
//   parse            parseOaiPage: XML page → import records (the target: ≥ 5,000 records/s)
//   parse+validate   the same, then readPaperRecord on every record (what the harvester does)
//   fxp whole page   fast-xml-parser alone on the whole page, metadata included (the baseline
//                    the stop-node design is measured against)
//   JSON.parse       the same import records as one JSON text (the machine's yardstick)
// Prints medians in records/s, by wall clock and by this process's CPU time.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { parseOaiPage } from "../src/adapters/sources/arxiv/oai-record-parser.js";
import { readPaperRecord } from "../src/core/papers/paper-record.js";
import { describeMachine, readLoadAverage } from "./machine-info.js";

const TARGET_RECORDS_PER_S = 5_000;
const RECORDED = [
  "arxiv-physics-hep-ex.xml",
  "arxiv-physics-hep-th.xml",
  "arxiv-single.xml",
  "sample_arxiv_record.xml",
];

const { values } = parseArgs({
  options: { records: { type: "string", default: "1000" }, trials: { type: "string", default: "15" } },
});
const recordCount = Number(values.records);
const trials = Number(values.trials);

function buildPage(count: number): string {
  const records = RECORDED.flatMap((name) => {
    const xml = readFileSync(new URL(`../test/fixtures/arxiv-oai/recorded/${name}`, import.meta.url), "utf8");
    return xml.match(/<record>[\s\S]*?<\/record>/g) ?? [];
  });
  const body = Array.from({ length: count }, (_, i) => {
    const id = `2501.${String(10_000 + i)}`;
    return records[i % records.length]!.replace(/arXiv\.org:[^<]+</, `arXiv.org:${id}<`).replace(
      /<id>[^<]+<\/id>/,
      `<id>${id}</id>`,
    );
  }).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-02T03:04:05Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="cs" from="2025-01-01">https://oaipmh.arxiv.org/oai</request>
<ListRecords>
${body}
<resumptionToken cursor="0" completeListSize="${count * 10}">bench|${count}</resumptionToken>
</ListRecords>
</OAI-PMH>
`;
}

const page = buildPage(recordCount);
const check = parseOaiPage(page, "arXiv");
if (check.records.length !== recordCount || check.unreadable.length > 0)
  throw new Error("the bench page did not parse");
const asJson = JSON.stringify(check.records.map((r) => r.record));
const wholePageParser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, removeNSPrefix: true });

const subjects: Record<string, () => void> = {
  parse: () => parseOaiPage(page, "arXiv"),
  "parse+validate": () => {
    for (const { record } of parseOaiPage(page, "arXiv").records) readPaperRecord(record, "2025-01-02");
  },
  "fxp whole page": () => wholePageParser.parse(page),
  "JSON.parse": () => JSON.parse(asJson),
};

const samples = new Map<string, { wall: number[]; cpu: number[] }>();
for (const name of Object.keys(subjects)) samples.set(name, { wall: [], cpu: [] });
for (const run of Object.values(subjects)) run(); // warm-up
const loadBefore = readLoadAverage();
for (let trial = 0; trial < trials; trial++) {
  const names = Object.keys(subjects);
  for (const name of trial % 2 === 0 ? names : names.reverse()) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    subjects[name]!();
    const wallS = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    samples.get(name)!.wall.push(recordCount / wallS);
    samples.get(name)!.cpu.push(recordCount / ((cpu.user + cpu.system) / 1e6));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const machine = describeMachine();
console.log(
  `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; load average ${loadBefore.toFixed(2)} → ${readLoadAverage().toFixed(2)}`,
);
console.log(
  `page: ${recordCount} records, ${(page.length / 1e6).toFixed(2)} MB; ${trials} trials; medians in records/s\n`,
);
console.log(`${"".padEnd(16)}${"wall".padStart(10)}${"cpu".padStart(10)}`);
for (const [name, { wall, cpu }] of samples) {
  console.log(
    `${name.padEnd(16)}${Math.round(median(wall)).toLocaleString("en-US").padStart(10)}${Math.round(median(cpu)).toLocaleString("en-US").padStart(10)}`,
  );
}
const parseRate = median(samples.get("parse")!.wall);
console.log(
  `\nparse: ${Math.round(parseRate).toLocaleString("en-US")} records/s (target ≥ ${TARGET_RECORDS_PER_S.toLocaleString("en-US")}): ${parseRate >= TARGET_RECORDS_PER_S ? "met" : "NOT met"}`,
);
