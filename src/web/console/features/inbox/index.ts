// The inbox feature's public face.
export { InboxPage } from "./inbox-page.tsx";
export { readFilters } from "./filters.ts";
