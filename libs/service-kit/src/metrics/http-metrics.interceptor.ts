import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Observable } from 'rxjs';

/** The parts of Express' request and response that the metrics read. */
interface HttpRequest {
  readonly method: string;
  readonly route?: { readonly path: string };
}
interface HttpResponse {
  readonly statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

const LABELS = ['method', 'route', 'status'] as const;

/**
 * Counts and times every HTTP request handled by a controller, labelled by method, route
 * template (`/health/ready`, never the raw URL, which could carry identifiers) and status.
 * The status is read when the response is finished, so exceptions are counted with theirs.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly requests: Counter<(typeof LABELS)[number]>;
  private readonly duration: Histogram<(typeof LABELS)[number]>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by method, route and status.',
      labelNames: LABELS,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route and status.',
      labelNames: LABELS,
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const stopTimer = this.duration.startTimer();
    response.once('finish', () => {
      const labels = {
        method: request.method,
        route: request.route?.path ?? 'unknown',
        status: String(response.statusCode),
      };
      this.requests.inc(labels);
      stopTimer(labels);
    });
    return next.handle();
  }
}
