export {
  endpointsFilePath,
  getInfra,
  infraMode,
  parseBrokers,
  stackHome,
  workspaceRoot,
  type InfraEndpoints,
  type InfraMode,
  type StackEndpointsFile,
} from './infra.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { uniqueName } from './names.js';
export { CONTAINER_IMAGES, startContainers, type StartedInfrastructure } from './containers.js';
export { deleteSubject } from './registry.js';
export { until } from './wait.js';
