// The settings feature's public face.
export { SettingsPage } from "./settings-page.tsx";
