// Shapes shared by the secret rules and the redaction that uses them.

export type SecretKind = "card_number" | "cvv" | "resident_id" | "password" | "otp";

export type Redaction = {
  kind: SecretKind;
  /** what replaced it */
  replacement: string;
};

export type RedactResult = { text: string; redactions: Redaction[] };

/** A secret found by one rule: the half-open range [start, end) of the scanned text and what replaces it. */
export type SecretSpan = {
  start: number;
  end: number;
  kind: SecretKind;
  replacement: string;
};
