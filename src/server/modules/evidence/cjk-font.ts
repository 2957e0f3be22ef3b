// A font that can draw Chinese in the PDF transcript. PDF's standard fonts cannot, so we look for one the
// system has (CI installs fonts-wqy-microhei); without one the transcript says so and the .eml files
// in the archive still hold the full text.
import { existsSync } from "node:fs";

export type CjkFont = { path: string; /** PostScript name inside a .ttc collection. */ family?: string };

export const CJK_FONT_CANDIDATES: readonly CjkFont[] = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf" },
  { path: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf" },
];

export function findCjkFont(candidates: readonly CjkFont[] = CJK_FONT_CANDIDATES, exists: (path: string) => boolean = existsSync): CjkFont | null {
  return candidates.find((c) => exists(c.path)) ?? null;
}
