// What importing a unit's definition does to its beds: the beds it adds, the ones it removes, and
// the ones it would remove from under a patient (refused). Pure; the import applies it.
import type { BoardStatus } from '../bed-board/census.js';
import type { BedRef, RoomDefinition } from './unit-definition.js';

/** A bed on the board now. */
export interface BoardBed extends BedRef {
  readonly status: BoardStatus;
  readonly encounterId: string | null;
}

export interface BedPlan {
  /** Listed and not on the board: added AVAILABLE. In the definition's order. */
  readonly added: readonly BedRef[];
  /** On the board and not listed: removed. By room and bed. */
  readonly removed: readonly BedRef[];
  /** Not listed, but a patient is in them: the import is refused. By room and bed. */
  readonly occupied: readonly BoardBed[];
}

function key(bed: BedRef): string {
  return `${bed.roomId}\u0000${bed.bedId}`;
}

function byRoomAndBed(a: BedRef, b: BedRef): number {
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Compares the unit's beds (`existing`) with its definition (`rooms`). A bed both list keeps its
 * status and patient. A bed that is OCCUPIED, or that an active placement holds (`held`), is never
 * removed: it is reported in `occupied` instead.
 */
export function planBeds(
  existing: readonly BoardBed[],
  rooms: readonly RoomDefinition[],
  held: readonly BedRef[] = [],
): BedPlan {
  const listed = rooms.flatMap((room) =>
    room.beds.map((bedId) => ({ roomId: room.roomId, bedId })),
  );
  const wanted = new Set(listed.map(key));
  const onBoard = new Set(existing.map(key));
  const holding = new Set(held.map(key));
  const leaving = existing.filter((bed) => !wanted.has(key(bed))).sort(byRoomAndBed);
  const inUse = (bed: BoardBed): boolean => bed.status === 'OCCUPIED' || holding.has(key(bed));
  return {
    added: listed.filter((bed) => !onBoard.has(key(bed))),
    removed: leaving.filter((bed) => !inUse(bed)).map(({ roomId, bedId }) => ({ roomId, bedId })),
    occupied: leaving.filter(inUse),
  };
}
