import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import type { ErrorMapping } from './problem-details.js';

export interface ProblemDetailsOptions {
  /** Domain errors and the status they are answered with, e.g. `{ error: NotFound, status: 404 }`. */
  readonly errors?: readonly ErrorMapping[];
}

/** Installs `ProblemDetailsFilter` for the whole application (every controller's errors). */
@Module({})
export class ProblemDetailsModule {
  static register(options: ProblemDetailsOptions = {}): DynamicModule {
    return {
      module: ProblemDetailsModule,
      providers: [
        {
          provide: APP_FILTER,
          inject: [HttpAdapterHost],
          useFactory: (adapterHost: HttpAdapterHost) =>
            new ProblemDetailsFilter(adapterHost, options.errors ?? []),
        },
      ],
    };
  }
}
