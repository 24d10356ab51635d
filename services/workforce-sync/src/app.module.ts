import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  BedStatusChanged,
  EmployeeChanged,
  ReleaseBedReply,
  RestoreBedReply,
  StaffingDemandChanged,
  Topics,
  UnitCensusChanged,
} from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { AdtModule } from './adt/adt.module.js';
import { BedBoardModule } from './bed-board/bed-board.module.js';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';
import { FacilityUnits1795400300000 } from './database/facility-units.migration.js';
import {
  BedBoardSeed1795400100000,
  ReferenceUnits1795400200000,
  WORKFORCE_ENTITIES,
  WorkforceTables1795400000000,
} from './database/migrations.js';
import { FacilitiesModule } from './facilities/facilities.module.js';
import { HrModule } from './hr/hr.module.js';
import { BedCommandsModule } from './saga/bed-commands.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    const { config } = runtime;
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config,
          telemetry: runtime.telemetry,
          database: {
            entities: WORKFORCE_ENTITIES,
            migrations: [
              WorkforceTables1795400000000,
              BedBoardSeed1795400100000,
              ReferenceUnits1795400200000,
              FacilityUnits1795400300000,
            ],
          },
          messaging: {
            logger: runtime.logger,
            produces: [
              { topic: Topics.WorkforceBedV1, records: [BedStatusChanged] },
              { topic: Topics.WorkforceCensusV1, records: [UnitCensusChanged] },
              { topic: Topics.WorkforceStaffingV1, records: [StaffingDemandChanged] },
              { topic: Topics.WorkforceEmployeeV1, records: [EmployeeChanged] },
              { topic: Topics.SagaRepliesV1, records: [ReleaseBedReply, RestoreBedReply] },
            ],
            consumedTopics: [Topics.ClinicalEncounterV1, Topics.WorkforceSyncCommandsV1],
          },
        }),
        FacilitiesModule,
        BedBoardModule,
        UnitsModule,
        AdtModule,
        BedCommandsModule,
        HrModule,
      ],
    };
  }
}
