// The order the test files run in, two at a time. The browser walk-through and the API fuzzing are
// the two heaviest files (Chromium; Schemathesis firing thousands of requests that start workflows):
// run side by side on a 2-core machine they slow each other's sign-offs past what a person would
// wait for. The browser test goes first and the fuzzing last, the rest between, as Jest orders them
// (slowest or failed first, from its cache of the last run).
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = /[\\/]test[\\/]browser[\\/]/;
const LAST = /[\\/]test[\\/]fuzz[\\/]/;

class HeavyApartSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (t) => (FIRST.test(t.path) ? 0 : LAST.test(t.path) ? 2 : 1);
    return [...ordered].sort((a, b) => rank(a) - rank(b)); // stable: Jest's order within each rank
  }
}

module.exports = HeavyApartSequencer;
