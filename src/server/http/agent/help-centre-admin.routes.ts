// Agent API: the official-channel registry and FAQ articles, for admins. Each route: auth → role →
// command (which validates) → present.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { requireRole } from "../../modules/access/access.policy.ts";
import {
  createFaqArticle, deleteFaqArticle, getFaqArticle, listFaqArticles, updateFaqArticle,
} from "../../modules/help-centre/faq.commands.ts";
import { createChannel, deleteChannel, listChannels, updateChannel } from "../../modules/help-centre/official-channel.commands.ts";
import { requireAgent } from "./require-agent.ts";

type IdParams = { Params: { id: string } };

export function registerHelpCentreAdminRoutes(app: FastifyInstance, base: Ctx) {
  const admin = async (req: Parameters<typeof requireAgent>[1]) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin");
    return ctx;
  };

  app.get("/api/official-channels", async (req) => ({ channels: await listChannels(await admin(req)) }));

  app.post("/api/official-channels", async (req, reply) => {
    const ctx = await admin(req);
    return reply.status(201).send({ channel: await createChannel(ctx, req.body) });
  });

  app.patch<IdParams>("/api/official-channels/:id", async (req) => {
    const ctx = await admin(req);
    return { channel: await updateChannel(ctx, req.params.id, req.body) };
  });

  app.delete<IdParams>("/api/official-channels/:id", async (req, reply) => {
    const ctx = await admin(req);
    await deleteChannel(ctx, req.params.id);
    return reply.status(204).send();
  });

  app.get("/api/faq", async (req) => ({ articles: await listFaqArticles(await admin(req)) }));

  app.get<IdParams>("/api/faq/:id", async (req) => ({ article: await getFaqArticle(await admin(req), req.params.id) }));

  app.post("/api/faq", async (req, reply) => {
    const ctx = await admin(req);
    return reply.status(201).send({ article: await createFaqArticle(ctx, req.body) });
  });

  app.patch<IdParams>("/api/faq/:id", async (req) => {
    const ctx = await admin(req);
    return { article: await updateFaqArticle(ctx, req.params.id, req.body) };
  });

  app.delete<IdParams>("/api/faq/:id", async (req, reply) => {
    const ctx = await admin(req);
    await deleteFaqArticle(ctx, req.params.id);
    return reply.status(204).send();
  });
}
