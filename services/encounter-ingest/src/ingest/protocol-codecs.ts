import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';
import { FhirCodec } from '../fhir/fhir.codec.js';
import { Hl7Codec } from '../hl7/hl7.codec.js';
import type { Protocol, ProtocolCodec } from './protocol.js';

/**
 * The codec of each protocol, configured with the facility time zone and default facility (HL7:
 * also the strict facilities, what is done with T/D messages and the per-message budget).
 */
@Injectable()
export class ProtocolCodecs {
  readonly hl7: Hl7Codec;
  readonly fhir: FhirCodec;

  constructor(@Inject(SERVICE_CONFIG) config: AppConfig) {
    const options = { timeZone: config.facilityTimeZone, defaultFacility: config.defaultFacility };
    const { maxSegments, maxRepetitions, maxFieldLength } = config;
    this.hl7 = new Hl7Codec({
      ...options,
      strictFacilities: config.strictFacilities,
      nonProduction: config.nonProduction,
      limits: { maxSegments, maxRepetitions, maxFieldLength },
    });
    this.fhir = new FhirCodec(options);
  }

  of(protocol: Protocol): ProtocolCodec {
    return protocol === 'HL7V2' ? this.hl7 : this.fhir;
  }
}
