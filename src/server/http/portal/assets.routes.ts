// Static assets of the public pages (the stylesheet and, once built, the small enhancement script).
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

const css = readFileSync(new URL("../../../web/portal/portal.css", import.meta.url));

export function registerPortalAssetRoutes(app: FastifyInstance) {
  app.get("/assets/portal.css", async (_req, reply) =>
    reply.header("Content-Type", "text/css; charset=utf-8").header("Cache-Control", "public, max-age=300").send(css));
}
