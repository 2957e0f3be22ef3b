// `paydesk admin create`: an account (admin by default) with a one-time password, e.g. when locked out.
import { createAgent, type AgentRole } from "../modules/agents/agent.commands.ts";
import { withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError } from "./usage.ts";

export async function runAdminCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create") throw new UsageError("the only subcommand is 'create'");
  const options = parseOptions(rest, { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } });
  if (!options.email) throw new UsageError("create needs --email");
  const email = options.email;
  return withRuntime(io, io.loadConfig(), async (ctx) => {
    const agent = await createAgent(ctx, { email, name: options.name ?? email, role: (options.role ?? "admin") as AgentRole });
    io.out(`created ${agent.email} with one-time password ${agent.password}`);
    return EXIT.ok;
  });
}
