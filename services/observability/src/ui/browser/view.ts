// What a view of the dashboard gets from the router.
import { withQuery } from './api.js';
import { errorText } from './format.js';

export interface ViewContext {
  /** Where the view renders. */
  readonly main: HTMLElement;
  /** The route's query (`#/dlq?group=...`) and its path segments after the view's name. */
  readonly params: URLSearchParams;
  readonly path: readonly string[];
  /** Aborted when another route renders: a view stops updating the page then. */
  readonly signal: AbortSignal;
  /** Says `message` in the polite live region. */
  say(message: string): void;
  /** Shows an error in the alert region (cleared on the next route). */
  fail(error: unknown): void;
  /** Goes to `#/<route>`; the router renders it. */
  navigate(route: string): void;
}

export type View = (ctx: ViewContext) => Promise<void>;

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : (errorText(error) ?? 'unknown error');
}

/** `#/<view>?<query>` with empty values left out. */
export function route(view: string, query: Readonly<Record<string, string>> = {}): string {
  return withQuery(view, query);
}
