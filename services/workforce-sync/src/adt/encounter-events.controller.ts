import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterDischargeCancelled,
  EncounterDischarged,
  EncounterRegistered,
  EncounterTransferred,
  EncounterUpdated,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { BedBoard } from '../bed-board/bed-board.js';
import type { BoardTransaction } from '../bed-board/board-transaction.js';
import { cancelAdmission, place } from '../placement/patient-flow.js';

/**
 * ADT facts of clinical.encounter.v1 on the bed board. Every record of the topic has a handler
 * (a record without one would be dead-lettered as undecodable); the ones that do not move
 * patients on the board are acknowledged without changes.
 */
@Controller()
export class EncounterEventsController {
  constructor(private readonly board: BedBoard) {}

  private tx(ctx: MessageContext, at: Date): BoardTransaction {
    return this.board.open(ctx.manager, ctx.publish, { at, sagaId: null });
  }

  /** A01: the bed becomes OCCUPIED by the encounter, census +1 (unknown unit or bed: DLQ). */
  @OnMessage(Topics.ClinicalEncounterV1, EncounterAdmitted)
  async admitted(@Payload() event: EncounterAdmitted, @Ctx() ctx: MessageContext): Promise<void> {
    await place(this.tx(ctx, event.admittedAt), event.encounterId, event.location, 'ADMISSION');
  }

  /** A02: the bed left goes to CLEANING, the new one OCCUPIED; the census moves between units. */
  @OnMessage(Topics.ClinicalEncounterV1, EncounterTransferred)
  async transferred(
    @Payload() event: EncounterTransferred,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    // The board's own placement is the prior location; fromLocation (PV1-6) is not needed.
    await place(
      this.tx(ctx, event.transferredAt),
      event.encounterId,
      event.toLocation,
      'TRANSFER_IN',
    );
  }

  /** A11: the bed is AVAILABLE again (the admission never happened), census −1. */
  @OnMessage(Topics.ClinicalEncounterV1, EncounterAdmissionCancelled)
  async admissionCancelled(
    @Payload() event: EncounterAdmissionCancelled,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await cancelAdmission(this.tx(ctx, event.cancelledAt), event.encounterId);
  }

  @OnMessage(Topics.ClinicalEncounterV1, EncounterDischarged)
  async discharged(_event: EncounterDischarged, _ctx: MessageContext): Promise<void> {
    // A03: nothing here; the discharge-to-revenue saga's ReleaseBed command releases the bed.
  }

  @OnMessage(Topics.ClinicalEncounterV1, EncounterDischargeCancelled)
  async dischargeCancelled(
    _event: EncounterDischargeCancelled,
    _ctx: MessageContext,
  ): Promise<void> {
    // A13: nothing here; the saga's compensation (RestoreBed) gives the bed back.
  }

  @OnMessage(Topics.ClinicalEncounterV1, EncounterRegistered)
  async registered(_event: EncounterRegistered, _ctx: MessageContext): Promise<void> {
    // A04/A05: outpatient, emergency and pre-admitted patients hold no inpatient bed.
  }

  @OnMessage(Topics.ClinicalEncounterV1, EncounterUpdated)
  async updated(_event: EncounterUpdated, _ctx: MessageContext): Promise<void> {
    // A08: no change. Bed moves arrive as EncounterTransferred; an update's location is a
    // snapshot of the EHR, not a bed-board event, and acting on it would move patients twice.
  }
}
