import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Logger } from 'pino';
import { scrubMessage } from './error-serializer.js';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const LEVELS: Record<LogLevel, PinoLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

const STACK = /\n\s+at /;

/**
 * Nest's `LoggerService` over a pino logger, so framework lines are JSON with trace ids too.
 * Nest passes the context (class name) as the last string argument and, for errors, a stack.
 * An error's message is scrubbed of values (`scrubMessage`): Nest logs an exception as its
 * message and stack, not as the error object the logger's serializer would see (`createLogger`
 * scrubs the `stack` field).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context =
      params.length > 0 && typeof last === 'string' && !STACK.test(last) ? last : undefined;
    const stack = params.find((p): p is string => typeof p === 'string' && STACK.test(p));
    const fields: Record<string, unknown> = { context, stack };
    if (message instanceof Error) {
      this.logger[LEVELS[level]]({ ...fields, err: message }, scrubMessage(message.message));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[LEVELS[level]]({ ...fields, ...message });
    } else {
      // With a stack, the text is an error's message.
      const text = String(message);
      this.logger[LEVELS[level]](fields, stack ? scrubMessage(text) : text);
    }
  }
}
