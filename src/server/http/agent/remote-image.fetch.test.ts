// The image proxy's guard against requests into our own network.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { fetchRemoteImage, isPublicAddress } from "./remote-image.fetch.ts";

describe("remote image fetch", () => {
  it("tells public addresses from loopback, private, link-local and embedded-IPv4 ones", () => {
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) assert.ok(isPublicAddress(a), a);
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
      "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1", "not-an-ip"]) {
      assert.ok(!isPublicAddress(a), a);
    }
  });

  it("refuses a host whose name resolves to a private address, without connecting", async () => {
    let connected = false;
    const server = createServer((_req, res) => { connected = true; res.end(); });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const lookup = async () => [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }];
      await assert.rejects(fetchRemoteImage(`http://images.example.net:${port}/a.png`, { lookup }), { code: "forbidden" });
      await assert.rejects(fetchRemoteImage(`http://[::1]:${port}/a.png`), { code: "forbidden" });
      await assert.rejects(fetchRemoteImage(`http://user:pw@images.example.net/a.png`, { lookup }), { code: "invalid_input" });
      await assert.rejects(fetchRemoteImage(`ftp://images.example.net/a.png`, { lookup }), { code: "invalid_input" });
      assert.equal(connected, false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("connects to the address it checked, not to a second lookup", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    const server = createServer((req, res) => res.writeHead(200, { "content-type": "image/png" }).end(req.headers.host?.startsWith("images.example.net") ? png : ""));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    let lookups = 0;
    try {
      const image = await fetchRemoteImage(`http://images.example.net:${port}/a.png`, {
        allowPrivateAddresses: true,
        lookup: async () => { lookups += 1; return [{ address: "127.0.0.1", family: 4 }]; },
      });
      assert.equal(image.contentType, "image/png");
      assert.equal(lookups, 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
