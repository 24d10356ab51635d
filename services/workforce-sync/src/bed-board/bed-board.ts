import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { BoardTransaction } from './board-transaction.js';
import type { ChangeCause, Publish } from './board-transaction.js';

/** Opens bed-board transactions with DEFAULT_FACILITY and the ratio overrides of STAFFING_RATIOS. */
@Injectable()
export class BedBoard {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  open(manager: EntityManager, publish: Publish, cause: ChangeCause): BoardTransaction {
    return new BoardTransaction(manager, publish, this.config, cause);
  }
}
