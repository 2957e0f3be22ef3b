// The search feature's public face.
export { SearchPage } from "./search-page.tsx";
