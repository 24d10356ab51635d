// The top frames by self time of a V8 CPU profile (`node --cpu-prof`'s .cpuprofile JSON), read
// directly: nodes (the call tree), samples (the node on top of the stack per sample) and
// timeDeltas (µs since the previous sample).

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
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

export interface TopFrames {
  /** Sampled time that was not (idle), ms. */
  readonly busyMs: number;
  readonly idleMs: number;
  readonly top: readonly Frame[];
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

/**
 * Self time per frame: sample i lasts until the next sample (timeDeltas[i + 1]), the last one
 * until the profile's end, as Chrome DevTools counts it; only the part inside `window`, if given
 * (start-up and shutdown are not the load). Frames are merged by name and position, so one
 * function reached over several call paths is one line.
 */
export function topFrames(
  profile: CpuProfile,
  limit: number,
  root = '',
  window?: ClockWindow,
): TopFrames {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const names = new Map(profile.nodes.map((n) => [n.id, frameName(n.callFrame, root)]));
  const selfUs = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i += 1) {
    at += deltas[i] ?? 0;
    const until = i + 1 < samples.length ? at + (deltas[i + 1] ?? 0) : profile.endTime;
    const from = window ? Math.max(at, window.fromUs) : at;
    const to = window ? Math.min(until, window.toUs) : until;
    if (to <= from) continue;
    const name = names.get(samples[i] ?? -1) ?? '(unknown)';
    selfUs.set(name, (selfUs.get(name) ?? 0) + (to - from));
  }
  const idleUs = selfUs.get(IDLE) ?? 0;
  selfUs.delete(IDLE);
  const busyUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const top = [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, us]) => ({
      frame,
      selfMs: Math.round(us / 100) / 10,
      selfPercent: busyUs === 0 ? 0 : Math.round((us / busyUs) * 1000) / 10,
    }));
  return {
    busyMs: Math.round(busyUs / 100) / 10,
    idleMs: Math.round(idleUs / 100) / 10,
    top,
  };
}
