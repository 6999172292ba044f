// The React example's entry: starts Parley (server and token URL), then renders the listing page.
import { startParley } from '@parley/widget';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ListingPage } from './listing-page.tsx';

startParley({
  // The Parley server (`parley serve`); the token URL is this app's own backend route.
  server: import.meta.env.VITE_PARLEY_SERVER ?? 'http://localhost:8787',
  tokenUrl: '/api/parley-token',
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ListingPage />
  </StrictMode>,
);
