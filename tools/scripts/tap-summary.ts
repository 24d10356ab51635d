/** Counts from the summary comments node's TAP reporter ends with (`# pass N`, `# fail N`, ...). */
export interface TapCounts {
  readonly pass: number;
  readonly fail: number;
  readonly cancelled: number;
  readonly skipped: number;
  readonly todo: number;
}

export function tapCounts(tap: string): TapCounts {
  const count = (name: keyof TapCounts): number => {
    const matches = [...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
    const last = matches.at(-1);
    return last?.[1] ? Number(last[1]) : 0;
  };
  return {
    pass: count('pass'),
    fail: count('fail'),
    cancelled: count('cancelled'),
    skipped: count('skipped'),
    todo: count('todo'),
  };
}
