import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { AdtModule } from './adt/adt.module.js';
import { BedBoardModule } from './bed-board/bed-board.module.js';
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
    return ServiceKitModule.forService(AppModule, runtime, {
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
        answers: Topics.WorkforceSyncCommandsV1,
        produces: allRecords(
          Topics.WorkforceBedV1,
          Topics.WorkforceCensusV1,
          Topics.WorkforceStaffingV1,
          Topics.WorkforceEmployeeV1,
        ),
        consumedTopics: [Topics.ClinicalEncounterV1],
      },
      features: [
        FacilitiesModule,
        BedBoardModule,
        UnitsModule,
        AdtModule,
        BedCommandsModule,
        HrModule,
      ],
    });
  }
}
