// The installation's Ed25519 key for evidence exports. The private half signs archive manifests; the
// public half is published on the help centre so anyone can check an archive without trusting us.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

export type ExportKey = {
  publicKeyPem: string;
  /** Lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo (what `openssl pkey -pubin -outform DER | sha256sum` prints). */
  fingerprint: string;
  sign(bytes: Uint8Array): Buffer;
  verify(bytes: Uint8Array, signature: Uint8Array): boolean;
};

/** A new private key in PKCS#8 PEM. */
export function generateExportKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

export function fingerprintOf(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

/** Reads a public key from PEM (a private key PEM gives its public half); throws on anything that is not Ed25519. */
export function readPublicKey(pem: string): KeyObject {
  const key = /PRIVATE KEY/.test(pem) ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error("the key is not an Ed25519 key");
  return key;
}

export function verifyWithPublicKey(publicKey: KeyObject, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, bytes, publicKey, signature);
  } catch {
    return false;
  }
}

export function createExportKey(privateKeyPem: string): ExportKey {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("the export key is not an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: fingerprintOf(publicKey),
    sign: (bytes) => sign(null, bytes, privateKey),
    verify: (bytes, signature) => verifyWithPublicKey(publicKey, bytes, signature),
  };
}
