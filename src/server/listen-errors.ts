// A listener that cannot open says which service failed and which setting to change, not "listen EADDRINUSE".
import { variableFor } from "./config/environment.ts";

/** A start that failed for a reason the operator can fix: printed as it stands, without a stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}

export type Listener = { service: "HTTP" | "SMTP"; settings: "http" | "smtp"; host: string; port: number };

/** Runs `listen`, turning the failures an operator can fix into a StartupError that says how. */
export async function listenAs<T>(listener: Listener, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const explanation = explain((err as NodeJS.ErrnoException).code, listener);
    throw explanation ? new StartupError(explanation, { cause: err }) : err;
  }
}

function explain(code: string | undefined, { service, settings, host, port }: Listener): string | undefined {
  const setting = (key: "host" | "port") => `${variableFor(`${settings}.${key}`)} (${settings}.${key})`;
  switch (code) {
    case "EADDRINUSE":
      return `${service} port ${port} is already in use by another program: stop it or set ${setting("port")}`;
    case "EACCES":
      return `${service} port ${port} needs privileges this user does not have (ports below 1024 usually do): set ${setting("port")} to a port above 1023`;
    case "EADDRNOTAVAIL":
      return `${service} host ${host} is not an address of this machine: set ${setting("host")}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${service} host ${host} is not a known host name: set ${setting("host")}`;
    default:
      return undefined;
  }
}
