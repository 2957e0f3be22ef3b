// The help centre's public pages, in their own encapsulated scope with the form-body parser they need.
import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { registerCheckRoutes } from "./check.routes.ts";
import { registerFaqRoutes } from "./faq.routes.ts";
import { registerGuideRoutes } from "./guides.routes.ts";
import { registerHomeRoutes } from "./home.routes.ts";
import { registerVerifyRoutes } from "./verify.routes.ts";

export { renderOfficialChannels } from "./official-channels.view.ts";

export function registerHelpCentreRoutes(app: FastifyInstance, ctx: Ctx) {
  void app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 1024 * 1024 });
    registerHomeRoutes(scope, ctx);
    registerCheckRoutes(scope, ctx);
    registerVerifyRoutes(scope, ctx);
    registerFaqRoutes(scope, ctx);
    registerGuideRoutes(scope, ctx);
  });
}
