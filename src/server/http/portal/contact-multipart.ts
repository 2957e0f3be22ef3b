// Reads the contact form's multipart post: the text fields it knows, and at most the allowed number of files,
// each read up to the size limit (a longer one is cut off and flagged, never buffered whole).
import type { FastifyRequest } from "fastify";
import "@fastify/multipart";
import type { RawFormValues } from "../../ingest/web-form/form-fields.ts";
import { formLimits } from "../../ingest/web-form/form-fields.ts";
import type { UploadedFile } from "../../ingest/web-form/web-form.commands.ts";

const valueFields = ["email", "name", "subject", "category", "transactionId", "description", "feedback", "phone", "window", "urgency"] as const;
const metaFields = ["_csrf", "_t", "homepage", "r", "s"] as const;

export type ContactPost = {
  values: RawFormValues;
  meta: Partial<Record<(typeof metaFields)[number], string>>;
  files: UploadedFile[];
  tooManyFiles: boolean;
};

/** Busboy limits for this form: generous for text, strict for files (the rest is refused with a message). */
export const contactMultipartLimits = {
  fieldNameSize: 100,
  fieldSize: 256 * 1024,
  fields: 40,
  fileSize: formLimits.maxFileBytes,
  files: 20,
  parts: 64,
  headerPairs: 100,
};

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

export async function readContactPost(req: FastifyRequest): Promise<ContactPost> {
  const post: ContactPost = { values: {}, meta: {}, files: [], tooManyFiles: false };
  try {
    for await (const part of req.parts()) {
      if (part.type === "field") {
        const value = typeof part.value === "string" ? part.value : "";
        if (isOneOf(valueFields, part.fieldname)) post.values[part.fieldname] = value;
        else if (isOneOf(metaFields, part.fieldname)) post.meta[part.fieldname] = value;
        continue;
      }
      // An empty file input still sends a part with no name and no bytes.
      const wanted = part.fieldname === "attachments" && post.files.length < formLimits.maxFiles;
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) if (wanted) chunks.push(chunk as Buffer);
      if (!wanted) {
        if (part.fieldname === "attachments" && part.filename) post.tooManyFiles = true;
        continue;
      }
      const bytes = Buffer.concat(chunks);
      if (!part.filename && bytes.length === 0) continue;
      post.files.push({ filename: part.filename ?? "", bytes, truncated: part.file.truncated });
    }
  } catch (err) {
    // Past the parts limits: what was read is kept, and the form says there were too many files.
    const code = (err as { code?: string }).code;
    if (code !== "FST_FILES_LIMIT" && code !== "FST_PARTS_LIMIT") throw err;
    post.tooManyFiles = true;
  }
  return post;
}
