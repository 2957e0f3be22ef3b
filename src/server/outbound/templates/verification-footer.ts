// The footer every e-mail we send ends with: its verification code and where to check it. Both languages,
// because the queue does not know the reader's; the code line stays ASCII so it survives any encoding.
import { formatVerificationCode } from "../verification-code.ts";

export type FooterFacts = { code: string; publicUrl: string; companyName: string };

export function verifyPageUrl(publicUrl: string): string {
  return new URL("/verify", publicUrl).toString();
}

export function verificationFooterText(f: FooterFacts): string {
  const code = formatVerificationCode(f.code);
  const url = verifyPageUrl(f.publicUrl);
  return [
    `Verification code: ${code}`,
    `To check that this e-mail really comes from ${f.companyName}, enter the code at ${url} (type the address yourself).`,
    `邮件验证码：${code}。如需核实本邮件是否确实来自 ${f.companyName}，请自行输入网址 ${url} 并填写验证码。`,
  ].join("\n");
}

/** Appends the footer to a plain-text body, after the signature separator when there is one. */
export function appendVerificationFooter(text: string, f: FooterFacts): string {
  const body = text.replace(/\s+$/, "");
  const hasSeparator = /(^|\n)-- ?\n/.test(body);
  return `${body}${hasSeparator ? "\n\n" : "\n\n-- \n"}${verificationFooterText(f)}\n`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function appendVerificationFooterHtml(html: string, f: FooterFacts): string {
  const footer = `<p style="color:#5b6573;font-size:12px">${verificationFooterText(f).split("\n").map(escapeHtml).join("<br>")}</p>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${footer}</body>`) : html + footer;
}
