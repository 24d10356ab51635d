// Test helpers of the kit: `@meridian/service-kit/testing`, for specs only.
export { invalidFields, invalidRequestErrors } from './invalid-request.js';
