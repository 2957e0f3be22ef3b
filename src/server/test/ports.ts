// Loopback ports for tests: one nothing listens on (connecting is refused), and one another program holds.
import { createServer, type Server } from "node:net";

/** A port nothing listens on right now: connecting to it is refused (ECONNREFUSED). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Another program on a port: a plain TCP server on 127.0.0.1 (close `server` when done). */
export async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}
