/**
 * A seeded pseudo-random generator, so that simulated intervals (ranking uncertainty) are the same
 * on every run and every machine: the output is a pure function of the seed.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand), 32-bit integer
 * arithmetic only, so no floating-point library call can change a draw; its 128-bit state is filled
 * from the seed by splitmix32 (Steele, Lea & Flood, OOPSLA 2014), then 12 outputs are discarded.
 */
export interface Random {
  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma(shape, 1); shape must be positive. */
  gamma(shape: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seededRandom(seed: number): Random {
  const init = splitmix32(Number.isFinite(seed) ? Math.trunc(seed) : 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();

  const uniform = (): number => next32() / 4294967296;

  // Marsaglia's polar method: no trigonometric call, and the spare deviate is kept.
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };

  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26:363–372;
  // shape below 1 by their boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
  const gamma = (shape: number): number => {
    if (!(shape > 0)) return Number.NaN;
    if (shape < 1) {
      const g = gamma(shape + 1);
      let u = uniform();
      while (u === 0) u = uniform();
      return g * u ** (1 / shape);
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return dd * v;
      if (u > 0 && Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v;
    }
  };

  return { uniform, normal, gamma };
}
