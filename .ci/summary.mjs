// Prints the totals of every vitest run as one closing line CI can read: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const pending = results.numPendingTests + results.numTodoTests;
  console.log(`${file}: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${pending} skipped or todo, ${results.numTotalTestSuites} files`);
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0) + pending;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
