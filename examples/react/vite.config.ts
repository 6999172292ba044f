// The React example's build: nothing custom-element specific, React 19 handles <parley-*> itself.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
