// The facility of the shared reference data, as the body of `POST /facilities/import`: the
// migration FacilityUnits1795400300000 loads it through the same validation and import as the API.
export const REFERENCE_FACILITIES_IMPORT = {
  facilities: [
    { facilityId: 'MGH', name: 'Massachusetts General Hospital', timeZone: 'America/New_York' },
  ],
} as const;
