// Shapes shared by the redaction rules. Only SecretKind, Redaction and RedactResult are public.

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
