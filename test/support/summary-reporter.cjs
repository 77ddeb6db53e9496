// Mocha reporter: the normal "spec" output, then one machine-readable line
// "N passed, M failed" (also written to test-results/summary.txt for .ci/run).
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => passed++);
    runner.on(EVENT_TEST_FAIL, () => failed++); // hook failures are reported as failures too
    runner.once(EVENT_RUN_END, () => {
      const line = `${passed} passed, ${failed} failed`;
      const dir = path.join(process.cwd(), "test-results");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "summary.txt"), line + "\n");
      process.stdout.write("\n" + line + "\n");
    });
  }
}
module.exports = SummaryReporter;
