// The help-centre admin feature's public face (route: #/help-centre/channels, #/help-centre/faq).
export { HelpCentreAdminPage } from "./help-centre-admin-page.tsx";
