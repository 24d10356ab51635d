import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';
import { traceView } from './trace-view.js';
import type { JaegerTracesAnswer, TraceView } from './trace-view.js';

/** How long Jaeger's query API may take to answer. */
const JAEGER_TIMEOUT_MS = 5_000;

/** A trace from Jaeger's query API (`JAEGER_URL`), as the dashboard shows it. */
@Injectable()
export class TracesService {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  /**
   * The trace `traceId` (a valid W3C trace id). 404 when Jaeger has no such trace; 503 when
   * JAEGER_URL is not set or Jaeger does not answer in time; 502 when it answers something else.
   */
  async trace(traceId: string): Promise<TraceView> {
    const { jaegerUrl } = this.config;
    if (!jaegerUrl)
      throw new ProblemException(503, { detail: 'JAEGER_URL is not set: no trace can be read' });
    let response: Response;
    try {
      response = await fetch(`${jaegerUrl}/api/traces/${traceId}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(JAEGER_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProblemException(
        503,
        { detail: `Jaeger at ${jaegerUrl} did not answer: ${(error as Error).message}` },
        { cause: error },
      );
    }
    if (response.status === 404) throw notFound(traceId);
    let answer: JaegerTracesAnswer;
    try {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      answer = (await response.json()) as JaegerTracesAnswer;
    } catch (error) {
      throw new ProblemException(
        502,
        { detail: `Jaeger at ${jaegerUrl} answered no trace: ${(error as Error).message}` },
        { cause: error },
      );
    }
    const view = traceView(traceId, answer);
    if (!view) throw notFound(traceId);
    return view;
  }
}

function notFound(traceId: string): ProblemException {
  return new ProblemException(404, { detail: `Jaeger has no trace ${traceId}` });
}
