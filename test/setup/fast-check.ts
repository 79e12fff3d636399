// Property tests run on a fixed seed, so a CI run is repeatable: the same cases every time.
// To explore new cases locally: OXBOW_FC_SEED=random npm test (the seed of a failure is printed;
// rerun with OXBOW_FC_SEED=<seed>).
import fc from 'fast-check';

const requested = process.env.OXBOW_FC_SEED;
if (requested !== 'random') {
  fc.configureGlobal({ seed: requested === undefined ? 20261124 : Number(requested) });
}
