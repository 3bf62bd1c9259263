import { describe, expect, it } from 'vitest';
import { offsetFrom } from './server-clock';

describe('offsetFrom', () => {
  it.each([
    { name: 'no samples', samples: [], offset: null },
    {
      name: 'a clock 20 s ahead',
      samples: [{ t0: 20_000, server: 50, t3: 20_100 }],
      offset: -20_000,
    },
    { name: 'a clock 20 s behind', samples: [{ t0: 0, server: 20_050, t3: 100 }], offset: 20_000 },
    {
      name: 'the shortest round trip wins',
      samples: [
        { t0: 0, server: 10_400, t3: 800 },
        { t0: 1000, server: 11_020, t3: 1040 },
        { t0: 2000, server: 12_300, t3: 2600 },
      ],
      offset: 10_000,
    },
  ])('$name', ({ samples, offset }) => {
    expect(offsetFrom(samples)).toBe(offset);
  });
});
