// The addon's words for its timeline are the shared timeline's (src/timeline): one implementation, two hosts.
export { describeAction, describeEntry } from '../timeline/describeEntry';
