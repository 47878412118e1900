import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Single-file components compile in the tests too (the status page is mounted whole).
  plugins: [vue()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.js'],
    setupFiles: ['src/test-setup.js'],
  },
});
