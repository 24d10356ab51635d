-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d), as the
-- `meridian` superuser connected to the `meridian` database. One database per service in
-- services/ (named after its folder, '-' -> '_') and Apicurio Registry's; tools/compose's test
-- checks this list against services/.
CREATE DATABASE apicurio;
CREATE DATABASE encounter_ingest;
CREATE DATABASE supply_consumption;
CREATE DATABASE procure_to_pay;
CREATE DATABASE revenue_cycle;
CREATE DATABASE workforce_sync;
CREATE DATABASE saga_orchestrator;
CREATE DATABASE observability;
