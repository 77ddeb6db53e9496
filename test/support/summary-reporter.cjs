// Mocha reporter: the normal "spec" output, then one machine-readable line
// "N passed, M failed" (", K skipped" when suites skipped themselves), also written to
// test-results/summary.txt for .ci/run.
//
// It also makes sure a run ends: every test closes what it opens (servers, browsers, workers, child
// processes) in after/finally, so the process exits on its own once mocha is done. If something is still
// open LINGER_MS after the last test, the run counts one more failure, names what is open and exits, so a
// leak is a visible failure and never a CI job that waits until its time limit.
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

const LINGER_MS = 15000;

function writeSummary(line) {
  const dir = path.join(process.cwd(), "test-results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "summary.txt"), line + "\n");
  process.stdout.write("\n" + line + "\n");
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const line = () =>
      `${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : "");
    runner.on(EVENT_TEST_PASS, () => passed++);
    runner.on(EVENT_TEST_FAIL, () => failed++); // hook failures are reported as failures too
    runner.on(EVENT_TEST_PENDING, () => skipped++);
    runner.once(EVENT_RUN_END, () => {
      writeSummary(line());
      // unref: the watchdog itself never keeps the process alive
      setTimeout(() => {
        const open = process
          .getActiveResourcesInfo()
          .filter((r) => r !== "TTYWrap" && r !== "Timeout");
        process.stderr.write(
          `\nThe test run did not exit ${LINGER_MS / 1000} s after the last test: still open: ${open.join(", ") || "(unknown)"}.\n` +
            "A test left a server, browser, worker or child process open; close it in after()/finally.\n"
        );
        failed++;
        writeSummary(line());
        process.exit(1);
      }, LINGER_MS).unref();
    });
  }
}
module.exports = SummaryReporter;
