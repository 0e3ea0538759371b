import { beforeEach, expect } from 'vitest';

// A test that asserts nothing fails.
beforeEach(() => {
  expect.hasAssertions();
});
