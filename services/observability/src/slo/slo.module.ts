import { Module } from '@nestjs/common';
import { SloController } from './slo.controller.js';
import { SloService } from './slo.service.js';

/** `/slo`: saga and step duration percentiles from the read model's transitions. */
@Module({ controllers: [SloController], providers: [SloService] })
export class SloModule {}
