// Set-up module of tools/compose: pins the Compose Specification's JSON schema, which
// github.com/compose-spec/compose-go ships as schema/compose-spec.json. Nothing is built from it:
// compose-schema.ts runs `go mod download` here and copies the schema under .meridian/.
module meridian.local/tools/compose

go 1.26.8

require github.com/compose-spec/compose-go/v2 v2.16.2
