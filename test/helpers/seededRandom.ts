export { seededRandom } from '../../src/testing/seededRandom';
