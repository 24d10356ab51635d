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
export { until, within } from './wait.js';
export {
  purgeConsumerGroup,
  startGroupAtEnd,
  topicDepth,
  withKafkaAdmin,
  type ConsumerGroupOptions,
} from './kafka-groups.js';
export {
  decimalOf,
  tapTopic,
  type TappedMessage,
  type TopicTap,
  type TopicTapOptions,
} from './topic-tap.js';
export { spawnNode, type ChildHandle, type Exit, type SpawnOptions } from './process.js';
export {
  listeningPort,
  SERVICE_NODE_ARGS,
  startServiceProcess,
  type ServiceProcess,
  type ServiceProcessOptions,
} from './service-process.js';
export {
  startServiceUnderTest,
  type HttpMethod,
  type ServiceUnderTest,
  type ServiceUnderTestOptions,
  type Stoppable,
} from './service-under-test.js';
export { topicsConsumedBy } from './consumed-topics.js';
export {
  builtServices,
  freePort,
  startPlatform,
  type Platform,
  type PlatformOptions,
} from './platform.js';
export {
  CLINICAL_PICTURES,
  PAYERS,
  planStay,
  stayMessage,
  type ClinicalPicture,
  type Stay,
  type StayOptions,
  withField,
} from './adt-scenarios.js';
export {
  implantBarcode,
  implantReferenceCalls,
  planImplant,
  supplierInvoiceFor,
  type ApiCall,
  type BarcodeFormat,
  type BillOnlyOrder,
  type Device,
  type ImplantPlan,
} from './implant-scenarios.js';
export { launchChromium, signInToDashboard, watchedPage, type WatchedPage } from './browser.js';
export {
  CLI_CLIENT,
  demoPassword,
  harnessToken,
  roleToken,
  TESTS_CLIENT,
  withBearer,
} from './tokens.js';
