// DKIM-signs outgoing bytes when a key is configured (mailauth signs; the same library verifies inbound).
import { dkimSign } from "mailauth/lib/dkim/sign.js";

export type DkimKey = { domain: string; selector: string; privateKey: string };

export async function signWithDkim(raw: Buffer, key: DkimKey, at: Date): Promise<Buffer> {
  const result = await dkimSign(raw, {
    canonicalization: "relaxed/relaxed",
    signTime: at,
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  });
  if (result.errors?.length) throw new Error(`DKIM signing failed: ${JSON.stringify(result.errors[0])}`);
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}
