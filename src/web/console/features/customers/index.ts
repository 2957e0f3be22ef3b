// The customers feature's public face.
export { CustomerPanel } from "./customer-panel.tsx";
export { CustomerPage } from "./customer-page.tsx";
