// The setting names a schema knows at a given place, to suggest one for a name it does not know.
import type { z } from "zod";

type Def = z.core.$ZodTypeDef & {
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
};

/** Looks through wrappers (optional, default, transform) to the group or list they hold. */
function unwrap(schema: z.core.$ZodType): Def {
  const def = schema._zod.def as Def;
  const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  return inner ? unwrap(inner) : def;
}

/** The keys of the group at `path` ("smtp" → host, port, …); an empty list where there is no group. */
export function settingNamesAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let def = unwrap(schema);
  for (const key of path) {
    const next = typeof key === "number" ? def.element : def.shape?.[String(key)];
    if (!next) return [];
    def = unwrap(next);
  }
  return Object.keys(def.shape ?? {});
}
