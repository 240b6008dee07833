import autocannon, { type Result } from "autocannon";
import { median, ratio } from "./stats.js";

/** Load before each measured run, discarded: JIT, page cache and ranking caches settle. */
const WARMUP_S = 2;
/** Seconds before autocannon counts a request as timed out. */
const REQUEST_TIMEOUT_S = 10;

export interface RouteSpec {
  readonly label: string;
  readonly path: string;
  /** Targets: req/s as a share of the hello-world route's, and p99 latency. */
  readonly minShareOfHello?: number;
  readonly maxP99Ms?: number;
}

export interface LoadSettings {
  readonly durationS: number;
  readonly connections: number;
}

/** Reads the server's CPU seconds so far; null where it cannot be read. */
export type CpuClock = () => number | null;

export interface RouteRun extends RouteSpec {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  /** Over the warm-up and the measured run: any is a failure. */
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  readonly bytesPerResponse: number;
  /**
   * Server CPU time per request over the measured run: the cost of a request, which other
   * work on a shared machine changes far less than it changes requests per second.
   */
  readonly cpuMsPerRequest: number | null;
  /** The route's first request after the server started, alone on the wire. */
  readonly cold: { readonly ms: number; readonly status: number };
}

export interface HttpResults extends LoadSettings {
  /** The hello-world route, measured before and after the others. */
  readonly helloRuns: readonly RouteRun[];
  readonly helloRequestsPerSecond: number;
  readonly helloCpuMsPerRequest: number | null;
  readonly routes: readonly (RouteRun & { readonly shareOfHello: number; readonly cpuCostOfHello: number | null })[];
}

/** Loads each route in turn, the hello-world baseline first and last, against one server. */
export async function benchRoutes(
  baseUrl: string,
  hello: RouteSpec,
  routes: readonly RouteSpec[],
  load: LoadSettings,
  cpuClock: CpuClock,
): Promise<HttpResults> {
  const cold = new Map<string, RouteRun["cold"]>();
  for (const route of [hello, ...routes]) cold.set(route.path, await timeOneRequest(baseUrl + route.path));
  const measure = (route: RouteSpec) => measureRoute(baseUrl, route, load, cold.get(route.path)!, cpuClock);
  const helloBefore = await measure(hello);
  const runs: RouteRun[] = [];
  for (const route of routes) runs.push(await measure(route));
  const helloAfter = await measure(hello);
  const helloRequestsPerSecond = median([helloBefore.requestsPerSecond, helloAfter.requestsPerSecond]);
  const helloCpu = [helloBefore.cpuMsPerRequest, helloAfter.cpuMsPerRequest];
  const helloCpuMsPerRequest = helloCpu.every((ms) => ms !== null) ? median(helloCpu) : null;
  return {
    ...load,
    helloRuns: [helloBefore, helloAfter],
    helloRequestsPerSecond,
    helloCpuMsPerRequest,
    routes: runs.map((run) => ({
      ...run,
      shareOfHello: ratio(run.requestsPerSecond, helloRequestsPerSecond),
      cpuCostOfHello:
        run.cpuMsPerRequest === null || helloCpuMsPerRequest === null
          ? null
          : ratio(run.cpuMsPerRequest, helloCpuMsPerRequest),
    })),
  };
}

async function measureRoute(
  baseUrl: string,
  route: RouteSpec,
  load: LoadSettings,
  cold: RouteRun["cold"],
  cpuClock: CpuClock,
) {
  console.error(`bench: loading ${route.path} (${WARMUP_S} s warm-up, ${load.durationS} s measured)`);
  const warmup = await runLoad(baseUrl + route.path, WARMUP_S, load.connections);
  const cpuBefore = cpuClock();
  const result = await runLoad(baseUrl + route.path, load.durationS, load.connections);
  const cpuAfter = cpuClock();
  const statusCodes: Record<string, number> = {};
  for (const r of [warmup, result]) {
    for (const [code, { count }] of Object.entries(r.statusCodeStats))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const run: RouteRun = {
    ...route,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: warmup.non2xx + result.non2xx,
    errors: warmup.errors + warmup.timeouts + result.errors + result.timeouts,
    statusCodes,
    bytesPerResponse: ratio(result.throughput.total, result.requests.total),
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
    cold,
  };
  return run;
}

function runLoad(url: string, durationS: number, connections: number): Promise<Result> {
  return autocannon({ url, connections, duration: durationS, timeout: REQUEST_TIMEOUT_S });
}

async function timeOneRequest(url: string): Promise<RouteRun["cold"]> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}
