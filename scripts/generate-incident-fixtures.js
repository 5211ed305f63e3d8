// Writes the incident engine's replay fixtures (src/incidents/fixtures/*.jsonl and frontdoor.yaml) from the
// scenarios in src/incidents/fixtures/scenarios.ts. Every result in them is built by the real diagnose and
// correlate code from recorded observations, as the watch would store it. Run after changing a scenario or
// the diagnosis:  npm run fixtures:incidents
// A unit test (src/incidents/fixtures.test.ts) fails when the committed files differ from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../dist/config/parse-config.js';
import { SCENARIO_CONFIG } from '../dist/incidents/fixtures/scenario-config.js';
import { renderFixtureFiles } from '../dist/incidents/fixtures/scenarios.js';

const folder = new URL('../src/incidents/fixtures/', import.meta.url);
const config = parseConfig(SCENARIO_CONFIG, fileURLToPath(new URL('frontdoor.yaml', folder)), {
  reader: 'serve',
});
for (const [name, text] of renderFixtureFiles(config, SCENARIO_CONFIG)) {
  writeFileSync(new URL(name, folder), text);
  console.log(`wrote src/incidents/fixtures/${name} (${text.length} bytes)`);
}
