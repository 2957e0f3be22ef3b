// Minimal types for the parts of mailauth we use (it ships none).
declare module "mailauth" {
  export type AuthResult = {
    dkim?: { results?: { status?: { result?: string; aligned?: string | false }; signingDomain?: string }[] };
    spf?: { status?: { result?: string }; domain?: string } | false;
    dmarc?: { status?: { result?: string }; policy?: string; domain?: string; alignment?: unknown } | false;
    arc?: { status?: { result?: string } } | false;
  };
  export function authenticate(
    message: Buffer | string,
    options: {
      ip?: string; helo?: string; sender?: string; mta?: string; trustReceived?: boolean;
      disableArc?: boolean; disableBimi?: boolean; disableDmarc?: boolean;
      resolver?: (name: string, rr: string) => Promise<unknown>;
    },
  ): Promise<AuthResult>;
}
declare module "mailauth/lib/dkim/sign.js" {
  export function dkimSign(
    message: Buffer | string,
    options: {
      canonicalization?: string; algorithm?: string; signTime?: Date;
      signatureData: { signingDomain: string; selector: string; privateKey: string | Buffer }[];
    },
  ): Promise<{ signatures: string; errors: unknown[] }>;
}
