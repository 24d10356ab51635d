import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ReplenishmentRequested, Topics } from '@meridian/contracts';
import type { MessageContext } from '@meridian/messaging';
import { InvalidRequestException } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { moveStock } from '../stock/consignment-stock.store.js';
import type { ReplenishmentRequestDto } from './dto/replenishment.dto.js';
import type { ReceiptRequest } from './replenishment.requests.js';
import {
  insertReplenishment,
  lockReplenishment,
  markReceived,
  readReplenishments,
} from './replenishment.store.js';
import type { ReplenishmentFilter, ReplenishmentRequest } from './replenishment.store.js';

/** What a restock is asked for: the usage's device, where it was taken from, the bill-only PO. */
export type ReplenishmentAsk = Omit<
  ReplenishmentRequest,
  'replenishmentRequestId' | 'status' | 'requestedAt' | 'receivedAt' | 'receivedBy'
>;

export function toReplenishmentDto(r: ReplenishmentRequest): ReplenishmentRequestDto {
  return {
    ...r,
    requestedAt: r.requestedAt.toISOString(),
    receivedAt: r.receivedAt?.toISOString() ?? null,
  };
}

/**
 * Restocks of supplier-owned consignment stock: asked for once per implant usage (published on
 * supply.replenishment.v1, keyed by supplier), received when the supplier restocked.
 */
@Injectable()
export class ReplenishmentService {
  private readonly logger = new Logger(ReplenishmentService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The usage's replenishment request: the one stored before, or a new one stored and published
   * (ReplenishmentRequested) in the caller's transaction.
   */
  async request(
    manager: EntityManager,
    ask: ReplenishmentAsk,
    publish: MessageContext['publish'],
  ): Promise<ReplenishmentRequest> {
    const [earlier] = await readReplenishments(manager, { usageId: ask.usageId });
    if (earlier) return earlier;
    const request: ReplenishmentRequest = {
      ...ask,
      replenishmentRequestId: randomUUID(),
      status: 'REQUESTED',
      requestedAt: new Date(),
      receivedAt: null,
      receivedBy: null,
    };
    await insertReplenishment(manager, request);
    await publish(
      Topics.SupplyReplenishmentV1,
      ReplenishmentRequested,
      {
        replenishmentRequestId: request.replenishmentRequestId,
        supplierId: request.supplierId,
        usageId: request.usageId,
        itemId: request.itemId,
        deviceIdentifier: request.deviceIdentifier,
        quantity: request.quantity,
        unitOfMeasure: request.unitOfMeasure,
        stockLocationId: request.locationId,
        poNumber: request.poNumber,
        requestedAt: request.requestedAt,
        sagaId: request.sagaId,
      },
      { key: request.supplierId },
    );
    this.logger.log({
      msg: 'consignment replenishment requested',
      replenishmentRequestId: request.replenishmentRequestId,
      usageId: request.usageId,
      supplierId: request.supplierId,
      itemId: request.itemId,
    });
    return request;
  }

  async list(filter: ReplenishmentFilter): Promise<ReplenishmentRequest[]> {
    return readReplenishments(this.dataSource.manager, filter);
  }

  /**
   * The supplier restocked: the stock of its location goes up by the request's quantity and the
   * request is RECEIVED, in one transaction. 404 for an unknown request, 409 once received, 400
   * naming locationId when neither the request nor the receipt names the location (or they
   * contradict).
   */
  async receive(id: string, receipt: ReceiptRequest): Promise<ReplenishmentRequest> {
    const received = await this.dataSource.transaction(async (manager) => {
      const request = await lockReplenishment(manager, id);
      if (!request) throw new NotFoundException(`replenishment request ${id} does not exist`);
      if (request.status === 'RECEIVED') {
        throw new ConflictException(
          `replenishment request ${id} was received at ${request.receivedAt?.toISOString() ?? '?'}`,
        );
      }
      const locationId = locationOf(request, receipt);
      const receivedAt = new Date();
      const key = { supplierId: request.supplierId, locationId, itemId: request.itemId };
      await moveStock(manager, key, request.quantity);
      await markReceived(manager, id, { locationId, receivedAt, receivedBy: receipt.receivedBy });
      return {
        ...request,
        status: 'RECEIVED' as const,
        locationId,
        receivedAt,
        receivedBy: receipt.receivedBy,
      };
    });
    this.logger.log({
      msg: 'consignment replenishment received',
      replenishmentRequestId: id,
      supplierId: received.supplierId,
      itemId: received.itemId,
      locationId: received.locationId,
      quantity: received.quantity,
    });
    return received;
  }
}

/** The location a receipt restocks: the request's, which the receipt may repeat; else the receipt's. */
function locationOf(request: ReplenishmentRequest, receipt: ReceiptRequest): string {
  const given = receipt.locationId;
  if (request.locationId !== null) {
    if (given !== undefined && given !== request.locationId) {
      throw new InvalidRequestException([
        {
          field: 'locationId',
          message: `must be the request's stock location, ${request.locationId}, or left out`,
        },
      ]);
    }
    return request.locationId;
  }
  if (given === undefined) {
    throw new InvalidRequestException([
      { field: 'locationId', message: 'is required: the request names no stock location' },
    ]);
  }
  return given;
}
