import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

describe('rural-dispatch CLI entry', () => {
  it('when asked for help, then it exits 0', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--help'])).toBe(0);
    } finally {
      out.mockRestore();
    }
  });

  it('when given an unknown command, then it exits 2 (usage error)', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['no-such-command'])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
