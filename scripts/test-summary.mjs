// Prints vitest's JSON report as one plain closing line and fails on skipped or todo tests:
// a test that is skipped in CI is a defect.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? '.artifacts/vitest-report.json', 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
);
if (report.numFailedTests > 0 || skipped > 0 || report.numTotalTests === 0 || !report.success) {
  process.exit(1);
}
