// Serves the agent console: index.html at /console/ and its content-hashed assets, under a CSP that
// allows only our own scripts and styles (the bundle has no inline code) and frames only our own
// sanitised message views.
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";

export const consoleCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const defaultConsoleDir = fileURLToPath(new URL("../../../../dist/web/console", import.meta.url));

const types: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

const notBuilt = "The PayDesk console has not been built. Run `npm run build:web` (or `npm start`, which builds it first), then reload.\n";

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR") return null;
    throw err;
  }
}

const withCsp = (reply: FastifyReply) => reply.header("Content-Security-Policy", consoleCsp);

export function registerConsoleRoutes(app: FastifyInstance, options: { dir?: string } = {}) {
  const dir = options.dir ?? defaultConsoleDir;

  app.get("/console", async (_req, reply) => reply.redirect("/console/", 301));

  // index.html is small and names the current hashed assets: never cached, read on each request so a rebuild shows at once.
  app.get("/console/", async (_req, reply) => {
    const html = await readOrNull(join(dir, "index.html"));
    withCsp(reply).header("Cache-Control", "no-cache");
    if (!html) return reply.status(503).type("text/plain; charset=utf-8").send(notBuilt);
    return reply.type("text/html; charset=utf-8").send(html);
  });

  app.get<{ Params: { file: string } }>("/console/assets/:file", async (req, reply) => {
    const { file } = req.params;
    const type = types[extname(file)];
    // Only plain names of our own asset kinds: nothing can climb out of the assets folder.
    const bytes = /^[\w.-]+$/.test(file) && !file.startsWith(".") && type ? await readOrNull(join(dir, "assets", file)) : null;
    withCsp(reply);
    if (!bytes) return reply.status(404).type("text/plain; charset=utf-8").send("not found\n");
    return reply.type(type!).header("Cache-Control", "public, max-age=31536000, immutable").send(bytes);
  });
}
