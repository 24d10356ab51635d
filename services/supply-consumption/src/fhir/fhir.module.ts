import { Module } from '@nestjs/common';
import { ImplantsModule } from '../implants/implants.module.js';
import { FhirProcedureController } from './fhir-procedure.controller.js';

/** The FHIR R4 edge of implant capture: `POST /fhir/Procedure`. */
@Module({
  imports: [ImplantsModule],
  controllers: [FhirProcedureController],
})
export class FhirModule {}
