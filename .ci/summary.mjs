// Prints vitest's totals as one closing line CI can read: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = results.numPassedTests;
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
console.log(`test files: ${results.numTotalTestSuites}, skipped or todo: ${results.numPendingTests + results.numTodoTests}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
