import { defineConfig } from 'vitest/config';

// Tests that build pages take a few seconds on a quiet machine; the default 5 s limit fails them
// when the machine is busy, which says nothing about the product. A hang still ends the test.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
