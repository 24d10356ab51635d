// The top frames by self time of a V8 CPU profile (`node --cpu-prof`'s .cpuprofile JSON), read
// directly: nodes (the call tree), samples (the node on top of the stack per sample) and
// timeDeltas (µs since the previous sample).

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    /** The ids of the frames it called: the call tree. */
    readonly children?: readonly number[];
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface Frame {
  /** `function (file:line:column)`; V8's own entries as they are: (program), (garbage collector). */
  readonly frame: string;
  readonly selfMs: number;
  /** Of the profile's busy time (everything but (idle)). */
  readonly selfPercent: number;
}

/**
 * A span of the machine's monotonic clock in µs (`process.hrtime`), the clock V8 stamps profiles
 * with: the same in every process, so the bench can cut the services' profiles to its own
 * measurement.
 */
export interface ClockWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Now on the profiles' clock, µs. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** A frame of JavaScript code by the time it was on the stack: itself and what it called. */
export interface SubtreeFrame {
  readonly frame: string;
  readonly totalMs: number;
  /** Of the profile's busy time. */
  readonly totalPercent: number;
}

export interface TopFrames {
  /** Sampled time that was not (idle), ms. */
  readonly busyMs: number;
  readonly idleMs: number;
  /** By self time. */
  readonly top: readonly Frame[];
  /**
   * By subtree (total) time, frames of the workspace's code and its packages only (Node's own
   * and V8's entries such as the microtask loop are on every stack and say nothing).
   */
  readonly bySubtree: readonly SubtreeFrame[];
}

const IDLE = '(idle)';

/** `url` without the file:// scheme and `root/`, node_modules paths from the package on. */
export function shortUrl(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function frameName(callFrame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  return `${name} (${shortUrl(callFrame.url, root)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1})`;
}

/** A frame of code loaded from a file outside Node itself (the workspace, its packages). */
const isCode = (url: string): boolean => url !== '' && !url.startsWith('node:');

/** µs of [from, to) inside `windows` (none: all of it). */
function overlapUs(from: number, to: number, windows: readonly ClockWindow[] | undefined): number {
  if (!windows) return Math.max(0, to - from);
  return windows.reduce(
    (sum, w) => sum + Math.max(0, Math.min(to, w.toUs) - Math.max(from, w.fromUs)),
    0,
  );
}

const ms = (us: number): number => Math.round(us / 100) / 10;
const percent = (us: number, of: number): number =>
  of === 0 ? 0 : Math.round((us / of) * 1000) / 10;

/**
 * Self time per frame: sample i lasts until the next sample (timeDeltas[i + 1]), the last one
 * until the profile's end, as Chrome DevTools counts it; only the parts inside `windows`, if given
 * (the measured windows: start-up, shutdown and the pauses between windows are not the load).
 * Frames are merged by name and position, so one function reached over several call paths is one
 * line. By subtree, a sample counts once for every distinct code frame on its stack.
 */
export function topFrames(
  profile: CpuProfile,
  limit: number,
  root = '',
  windows?: readonly ClockWindow[],
): TopFrames {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const names = new Map(profile.nodes.map((n) => [n.id, frameName(n.callFrame, root)]));
  const code = new Set(profile.nodes.filter((n) => isCode(n.callFrame.url)).map((n) => n.id));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const selfUs = new Map<string, number>();
  const totalUs = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i += 1) {
    at += deltas[i] ?? 0;
    const until = i + 1 < samples.length ? at + (deltas[i + 1] ?? 0) : profile.endTime;
    const us = overlapUs(at, until, windows);
    if (us <= 0) continue;
    const id = samples[i] ?? -1;
    const name = names.get(id) ?? '(unknown)';
    selfUs.set(name, (selfUs.get(name) ?? 0) + us);
    if (name === IDLE) continue;
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parents.get(node))
      if (code.has(node)) onStack.add(names.get(node) ?? '(unknown)');
    for (const frame of onStack) totalUs.set(frame, (totalUs.get(frame) ?? 0) + us);
  }
  const idleUs = selfUs.get(IDLE) ?? 0;
  selfUs.delete(IDLE);
  const busyUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const largest = (times: Map<string, number>): [string, number][] =>
    [...times].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return {
    busyMs: ms(busyUs),
    idleMs: ms(idleUs),
    top: largest(selfUs).map(([frame, us]) => ({
      frame,
      selfMs: ms(us),
      selfPercent: percent(us, busyUs),
    })),
    bySubtree: largest(totalUs).map(([frame, us]) => ({
      frame,
      totalMs: ms(us),
      totalPercent: percent(us, busyUs),
    })),
  };
}
