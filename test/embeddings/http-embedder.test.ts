import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { createHttpEmbedder, EmbeddingServiceError } from "../../src/adapters/embeddings/http-embedder.js";

type Handler = (request: IncomingMessage, body: { model: string; input: string[] }, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 whose answers each test scripts, one handler per request. */
describe("createHttpEmbedder", () => {
  let server: Server;
  let url: string;
  let handlers: Handler[] = [];
  const received: { headers: IncomingMessage["headers"]; body: { model: string; input: string[] } }[] = [];

  /** Answers like an embeddings server: the vector of text i is [length of text, i + 1, 0]. */
  const answerEmbeddings: Handler = (_request, body, response) => {
    const data = body.input.map((text, index) => ({ index, embedding: [text.length, index + 1, 0] }));
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ object: "list", data: data.reverse(), model: body.model }));
  };

  before(async () => {
    server = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk) => (raw += chunk));
      request.on("end", () => {
        const body = JSON.parse(raw) as { model: string; input: string[] };
        received.push({ headers: request.headers, body });
        (handlers.shift() ?? answerEmbeddings)(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    handlers = [];
    received.length = 0;
  });

  const fastRetries = { retries: 2, retryDelayMs: 5, timeoutMs: 500 };

  it("embeds texts in batches, in input order, normalised, sending model and key", async () => {
    const embedder = createHttpEmbedder({ url: `${url}/`, model: "nomic-embed-text", apiKey: "secret", batchSize: 2 });
    const vectors = await embedder.embedDocuments(["abc", "de", "fghi"]);
    assert.equal(received.length, 2);
    assert.deepEqual(
      received.map(({ body }) => body.input),
      [["abc", "de"], ["fghi"]],
    );
    assert.equal(received[0]!.body.model, "nomic-embed-text");
    assert.equal(received[0]!.headers.authorization, "Bearer secret");
    const expected = [
      [3, 1, 0],
      [2, 2, 0],
      [4, 1, 0],
    ].map((v) => v.map((x) => x / Math.hypot(...v)));
    vectors.forEach((vector, i) => expected[i]!.forEach((x, d) => assert.ok(Math.abs(vector[d]! - x) < 1e-6)));
    assert.equal(embedder.dimensions, 3);
    assert.equal(embedder.id, `http:nomic-embed-text@${new URL(url).host}`);
  });

  it("learns the dimensions by probing, and refuses to guess them before", async () => {
    const embedder = createHttpEmbedder({ url, model: "m" });
    assert.throws(() => embedder.dimensions, /unknown: call probe\(\)/);
    assert.equal(await embedder.probe(), 3);
    assert.equal(embedder.dimensions, 3);
  });

  it("adds the query and document prefixes some models need", async () => {
    const embedder = createHttpEmbedder({ url, model: "e5", queryPrefix: "query: ", documentPrefix: "passage: " });
    await embedder.embedQuery("graphs");
    await embedder.embedDocuments(["a paper"]);
    assert.deepEqual(
      received.map(({ body }) => body.input[0]),
      ["query: graphs", "passage: a paper"],
    );
  });

  it("waits as Retry-After asks (capped) after a 503, then succeeds", async () => {
    handlers = [
      (_request, _body, response) => {
        response.writeHead(503, { "retry-after": "1" }).end("loading model");
      },
    ];
    const embedder = createHttpEmbedder({ url, model: "m", ...fastRetries, maxRetryDelayMs: 150 });
    const started = Date.now();
    const vector = await embedder.embedQuery("x");
    const waited = Date.now() - started;
    assert.equal(received.length, 2);
    assert.equal(vector.length, 3);
    assert.ok(waited >= 140 && waited < 900, `waited ${waited} ms: Retry-After 1 s capped to 150 ms`);
  });

  it("gives up after the retries with the last error", async () => {
    const failing: Handler = (_request, _body, response) =>
      response.writeHead(500).end('{"error":"CUDA out of memory"}');
    handlers = [failing, failing, failing];
    const embedder = createHttpEmbedder({ url, model: "m", ...fastRetries });
    await assert.rejects(embedder.embedQuery("x"), /answered 500: CUDA out of memory/);
    assert.equal(received.length, 3);
  });

  it("times out a request whose body never finishes, and retries it", async () => {
    handlers = [
      (_request, _body, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"data": ['); // ...and nothing more
      },
    ];
    const embedder = createHttpEmbedder({ url, model: "m", ...fastRetries, timeoutMs: 200 });
    const vector = await embedder.embedQuery("x");
    assert.equal(vector.length, 3);
    assert.equal(received.length, 2);
  });

  it("reports a timeout clearly when every attempt times out", async () => {
    const silent: Handler = () => {};
    handlers = [silent, silent];
    const embedder = createHttpEmbedder({ url, model: "m", retries: 1, retryDelayMs: 1, timeoutMs: 100 });
    await assert.rejects(embedder.embedQuery("x"), /did not answer within 100 ms/);
  });

  it("treats a body cut short by the server as a failure", async () => {
    const truncated: Handler = (_request, _body, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      response.write('{"data": [{"index": 0, "embedding": [1, 2', () => response.destroy()); // connection drops
    };
    handlers = [truncated, truncated, truncated];
    const embedder = createHttpEmbedder({ url, model: "m", ...fastRetries });
    await assert.rejects(embedder.embedQuery("x"), (error: Error) => {
      assert.ok(error instanceof EmbeddingServiceError);
      assert.match(error.message, /v1\/embeddings failed: terminated/);
      return true;
    });
  });

  it("does not retry a 400 and reports the server's message", async () => {
    handlers = [
      (_request, _body, response) => {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "model 'nope' not found", type: "invalid_request_error" } }));
      },
    ];
    const embedder = createHttpEmbedder({ url, model: "nope", ...fastRetries });
    await assert.rejects(embedder.embedQuery("x"), (error: Error) => {
      assert.ok(error instanceof EmbeddingServiceError && error.status === 400 && !error.isRetryable);
      assert.match(error.message, /\(model nope\) answered 400: model 'nope' not found/);
      return true;
    });
    assert.equal(received.length, 1);
  });

  it("refuses malformed JSON, a wrong count of vectors and vectors of other dimensions", async () => {
    const embedder = createHttpEmbedder({ url, model: "m", dimensions: 3, ...fastRetries });
    handlers = [(_request, _body, response) => response.end("<html>proxy error</html>")];
    await assert.rejects(embedder.embedQuery("x"), /malformed JSON: <html>proxy error/);
    handlers = [(_request, _body, response) => response.end(JSON.stringify({ data: [] }))];
    await assert.rejects(embedder.embedQuery("x"), /returned 0 embeddings for 1 texts/);
    handlers = [
      (_request, _body, response) => response.end(JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }] })),
    ];
    await assert.rejects(embedder.embedQuery("x"), /returned 2-dimensional vectors, expected 3/);
    const learning = createHttpEmbedder({ url, model: "m" });
    await learning.embedQuery("x");
    handlers = [(_request, _body, response) => response.end(JSON.stringify({ data: [{ embedding: [1, 2, 3, 4] }] }))];
    await assert.rejects(learning.embedQuery("x"), /returned 4-dimensional vectors, expected 3/);
  });
});
