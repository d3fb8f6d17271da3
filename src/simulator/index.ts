export { startSimulator } from "./simulator.js";
export { defaultSeed } from "./seed/default-seed.js";
export { artifactSha256, artifactStream } from "./artifacts.js";
export type {
  Fault,
  FaultKind,
  FaultMatch,
  EndpointRateLimit,
  RateLimitOption,
  RateLimitRefusal,
  RecordedRequest,
  SeedGroup,
  SeedIssue,
  SeedProject,
  SeedToken,
  SeedUser,
  ShapeMismatch,
  Simulator,
  SimulatorInfo,
  SimulatorOptions,
  SimulatorSeed,
  TokenKind,
  Visibility,
} from "./types.js";
