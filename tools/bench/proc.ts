// The one place the benchmarks read Linux's /proc: a process' files (stat for CPU time, status
// for memory), its children, and the machine's CPU counters.
import { readdirSync, readFileSync } from 'node:fs';

/** /proc/<pid>/<file> as text; undefined once the process is gone (or never was). */
export function procFile(pid: number, file: 'stat' | 'status' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The live children of `pid`, from every one of its threads' `children` list (none once gone). */
export function childPids(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of threads) {
    let list: string;
    try {
      list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue; // the thread ended
    }
    for (const child of list.trim().split(/\s+/)) if (child !== '') children.push(Number(child));
  }
  return children;
}

/** /proc/stat: the machine's CPU counters since boot. */
export function machineStat(): string {
  return readFileSync('/proc/stat', 'utf8');
}
