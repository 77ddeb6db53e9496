// Type declarations for the pure-rand subpath modules used by src/engine/rng.ts.
// pure-rand@8 only publishes subpath exports ("pure-rand/generator/xoroshiro128plus"), which the project's
// `moduleResolution: "node"` cannot resolve for types (tsx, mocha and webpack resolve them at run time).
// Only the members the engine uses are declared; they match pure-rand 8.4 lib/*.d.ts.
declare module "pure-rand/generator/xoroshiro128plus" {
  export interface PureRandGenerator {
    /** Next value, uniform in −2³¹ … 2³¹−1; mutates the generator. */
    next(): number;
    clone(): PureRandGenerator;
    getState(): readonly number[];
    jump(): void;
  }
  export function xoroshiro128plus(seed: number): PureRandGenerator;
}
declare module "pure-rand/distribution/uniformFloat64" {
  import type { PureRandGenerator } from "pure-rand/generator/xoroshiro128plus";
  /** Uniform double in [0, 1), 53 random bits. */
  export function uniformFloat64(rng: PureRandGenerator): number;
}
