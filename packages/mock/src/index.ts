export { type AgentVersionRef, type AtomCount, countAtoms } from "./attachments.js";
export { ErrorCode } from "./errors.js";
export { type FaultOptions, seededRandom } from "./faults.js";
export { sequentialIds, steppingClock } from "./ids.js";
export { defaultSeed, type Seed, type SeedAgent, SeedError, type SeedWorkbench, validateSeed } from "./seed.js";
export { createMockServer, type ListeningMock, type MockServer, type MockServerOptions } from "./server.js";
export { MockState, type MockStateLimits, type RecordedRequest } from "./state.js";
