// The Vue example's entry: starts Parley (server and token URL), then mounts the listing page.
import { startParley } from '@parley/widget';
import '@parley/widget/vue';
import { createApp } from 'vue';
import ListingPage from './ListingPage.vue';

startParley({
  // The Parley server (`parley serve`); the token URL is this app's own backend route.
  server: import.meta.env.VITE_PARLEY_SERVER ?? 'http://localhost:8787',
  tokenUrl: '/api/parley-token',
});

createApp(ListingPage).mount('#app');
