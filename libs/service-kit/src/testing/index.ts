// Test helpers of the kit: `@meridian/service-kit/testing`, for specs only.
export { invalidFields, invalidRequestErrors } from './invalid-request.js';
export { bodyOf, problemFields, problemOf } from './problem-response.js';
export { startTestSender, type TestSenderOptions } from './test-sender.js';
