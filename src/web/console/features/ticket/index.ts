// The ticket feature's public face.
export { TicketPage } from "./ticket-page.tsx";
