// `paydesk admin create`: an account (admin by default) with a one-time password, e.g. when locked out.
// `paydesk admin reset-password`: a new one-time password for an account (a lost or expired one).
import { createAgent, resetToOneTimePassword, type AgentRole } from "../modules/agents/agent.commands.ts";
import { ONE_TIME_PASSWORD_HOURS } from "../modules/agents/one-time-password.ts";
import { withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError } from "./usage.ts";

const validity = `valid ${ONE_TIME_PASSWORD_HOURS} hours: sign in to the console with it (and the two-factor code, once set up) to choose a password of one's own`;

export async function runAdminCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "create") {
    const options = parseOptions(rest, { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } });
    if (!options.email) throw new UsageError("create needs --email");
    const email = options.email;
    return withRuntime(io, io.loadConfig(), async (ctx) => {
      const agent = await createAgent(ctx, { email, name: options.name ?? email, role: (options.role ?? "admin") as AgentRole });
      io.out(`created ${agent.email} with one-time password ${agent.password} (${validity})`);
      return EXIT.ok;
    });
  }
  if (sub === "reset-password") {
    const options = parseOptions(rest, { email: { type: "string" } });
    if (!options.email) throw new UsageError("reset-password needs --email");
    const email = options.email;
    return withRuntime(io, io.loadConfig(), async (ctx) => {
      const reset = await resetToOneTimePassword(ctx, email);
      io.out(`${reset.email}: new one-time password ${reset.password} (${validity}); every session and API token of the account has ended`);
      return EXIT.ok;
    });
  }
  throw new UsageError("admin takes 'create' or 'reset-password'");
}
