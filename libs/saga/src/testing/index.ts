// @meridian/saga/testing: real-stack fixtures for tests and benchmarks of sagas.
export {
  bedToClaim,
  createSagaFixture,
  fixtureTopics,
  sagaTypeFor,
  type BedToClaim,
  type Orchestrator,
  type SagaFixture,
} from './saga-fixture.js';
export { startParticipant, type Participant, type ParticipantOptions } from './participant.js';
export { tapReplies, type ReplyTap, type TappedReply } from './reply-tap.js';
export { givenSaga, SagaScript } from './saga-script.js';
