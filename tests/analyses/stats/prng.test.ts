import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/analyses/stats/prng.js';

describe('seededRandom', () => {
  it('reproduces an independent sfc32 implementation', () => {
    // Python, 32-bit arithmetic masked by hand (tests/analyses/stats/reference/sfc32.py):
    // splitmix32(1) fills a, b, c, d; 12 outputs discarded; next three outputs / 2^32:
    // 0.4256499295588583, 0.79042171058245, 0.6910148127935827
    const r = seededRandom(1);
    expect([r.uniform(), r.uniform(), r.uniform()]).toEqual([0.4256499295588583, 0.79042171058245, 0.6910148127935827]);
    // Seed 123456789, raw 32-bit outputs 2230556110, 1356862853, 2315437121
    const s = seededRandom(123456789);
    expect([s.uniform(), s.uniform(), s.uniform()].map((u) => u * 4294967296)).toEqual([
      2230556110, 1356862853, 2315437121,
    ]);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 50 }, () => r.gamma(2.5));
    };
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
  });

  it('draws Gamma(a, 1) with mean a and variance a', () => {
    // 200,000 draws: the mean's standard error is √(a / 200000), under 0.1 % of a for a ≥ 3.
    for (const a of [0.5, 3, 1300.5]) {
      const r = seededRandom(42);
      const n = 200_000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const x = r.gamma(a);
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / n;
      const variance = sumSquares / n - mean * mean;
      expect(Math.abs(mean - a)).toBeLessThan(4 * Math.sqrt(a / n));
      expect(Math.abs(variance / a - 1)).toBeLessThan(0.03);
    }
    expect(seededRandom(1).gamma(0)).toBeNaN();
  });

  it('draws standard normals', () => {
    const r = seededRandom(5);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      sum += x;
      sumSquares += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
  });
});
