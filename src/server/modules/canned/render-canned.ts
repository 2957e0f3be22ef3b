// Fills a canned response's variables. Pure: no server imports, so the console could share it.

export type CannedValues = { customerName?: string | null; ticketNumber?: string | null; agentName?: string | null };

export const cannedVariables = ["customer.name", "ticket.number", "agent.name"] as const;

/**
 * Replaces `{{customer.name}}`, `{{ticket.number}}` and `{{agent.name}}` (spaces inside the braces allowed).
 * An unknown variable, or one with no value, stays as written so the agent sees it needs filling in.
 */
export function renderCanned(body: string, values: CannedValues): string {
  const known: Record<string, string | null | undefined> = {
    "customer.name": values.customerName,
    "ticket.number": values.ticketNumber,
    "agent.name": values.agentName,
  };
  return body.replace(/\{\{\s*([A-Za-z_]+(?:\.[A-Za-z_]+)*)\s*\}\}/g, (whole, name: string) => {
    const value = known[name.toLowerCase()]?.trim();
    return value ? value : whole;
  });
}
