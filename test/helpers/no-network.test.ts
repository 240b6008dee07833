import assert from "node:assert/strict";
import net from "node:net";
import { describe, it } from "node:test";
import { isLoopback } from "./no-network.js";

describe("the no-network guard (loaded for every test file)", () => {
  it("refuses fetch to a public host, naming it", async () => {
    await assert.rejects(fetch("https://export.arxiv.org/api/query?id_list=2501.01234"), (e: Error) => {
      const message = `${e.message} ${(e.cause as Error | undefined)?.message ?? ""}`;
      assert.match(message, /tests may only use loopback/);
      assert.match(message, /export\.arxiv\.org/);
      return true;
    });
  });

  it("refuses raw sockets to non-loopback addresses", () => {
    assert.throws(() => net.connect(443, "93.184.216.34"), /tried to reach 93\.184\.216\.34/);
    assert.throws(() => net.connect({ host: "10.0.0.1", port: 80 }), /tried to reach 10\.0\.0\.1/);
  });

  it("allows loopback", async () => {
    const server = net.createServer((s) => s.end("hi")).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as net.AddressInfo;
    const text = await new Promise<string>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.on("data", (d) => resolve(d.toString()));
    });
    server.close();
    assert.equal(text, "hi");
    assert.ok(isLoopback("localhost") && isLoopback("::1") && isLoopback("127.0.0.2"));
    assert.ok(!isLoopback("example.org") && !isLoopback("192.168.1.1"));
  });
});
