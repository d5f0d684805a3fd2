// The JSON Schema judge of tests/it/schemas.rs: Ajv (draft 2020-12, strict) validates instances
// against Syllabus's schemas. Reads {"schemas": {kind: schema}, "instances": [{"name", "kind",
// "data"}]} on stdin; prints [{"name", "valid", "errors"}] on stdout.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const job = JSON.parse(readFileSync(0, "utf8"));
// strict: a schema keyword Ajv does not know is an error, not ignored. Two of its strict rules
// are about style, not validity, and are relaxed: `required` inside if/then naming a property
// defined beside it (strictRequired), and `"type": ["string", "null"]` (allowUnionTypes). The
// integer formats schemars writes (uint32, int64) are annotations Ajv does not validate; the
// ranges that matter are spelled as minimum/maximum.
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  validateFormats: false,
});
const validators = {};
for (const [kind, schema] of Object.entries(job.schemas)) {
  validators[kind] = ajv.compile(schema);
}
const results = job.instances.map(({ name, kind, data }) => {
  const validate = validators[kind];
  if (!validate) throw new Error(`no schema for ${kind} (${name})`);
  const valid = validate(data);
  return {
    name,
    valid,
    errors: (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message}`),
  };
});
process.stdout.write(JSON.stringify(results));
