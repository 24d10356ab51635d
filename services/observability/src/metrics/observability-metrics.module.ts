import { Module } from '@nestjs/common';
import { ObservabilityMetrics } from './observability-metrics.js';

@Module({ providers: [ObservabilityMetrics], exports: [ObservabilityMetrics] })
export class ObservabilityMetricsModule {}
