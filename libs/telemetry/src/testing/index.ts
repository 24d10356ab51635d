export { findMarkers, type MarkerHit } from './phi-markers.js';
export { startSpanCollector, type SpanCollector } from './span-collector.js';
