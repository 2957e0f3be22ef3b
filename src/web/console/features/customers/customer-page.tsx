// A customer on their own page (linked from search and elsewhere).
import { CustomerPanel } from "./customer-panel.tsx";

export function CustomerPage({ customerId }: { customerId: string }) {
  return (
    <main class="page customer-page">
      <CustomerPanel customerId={customerId} />
    </main>
  );
}
