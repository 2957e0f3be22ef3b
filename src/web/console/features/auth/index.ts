// The auth feature's public face.
export { SignInPage } from "./sign-in-page.tsx";
export type { AuthStep } from "./auth-flow.tsx";
export { ForgotPasswordPage, ResetPasswordPage } from "./password-reset-pages.tsx";
export { InvitePage } from "./invite-page.tsx";
