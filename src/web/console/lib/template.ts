// Fills canned-response variables: {{customer.name}}, {{ticket.number}}, {{agent.name}}.
export type TemplateVars = Record<string, string | null | undefined>;

export function fillTemplate(body: string, vars: TemplateVars): string {
  return body.replace(/\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined || value === null ? whole : value;
  });
}
