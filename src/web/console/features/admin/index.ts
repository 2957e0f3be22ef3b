// The admin feature's public face.
export { AdminPage, canOpenAdmin } from "./admin-page.tsx";
