// Types for scripts/build-web.mjs, so TypeScript tests and servers can build the console.
export declare const defaultOutDir: string;
export declare function buildWeb(options?: { outDir?: string; minify?: boolean }): Promise<{ outDir: string; script: string; style: string; files: string[] }>;
export declare const defaultPortalOutDir: string;
export declare function buildPortalScripts(options?: { outDir?: string; minify?: boolean }): Promise<{ outDir: string; files: string[] }>;
