import { Gauge, Registry } from 'prom-client';
import type { ProbeSample } from './probe-figures.js';

/**
 * A fresh registry holding one probe's samples, families in name order as blackbox's promhttp writes
 * them. A registry per probe, as blackbox makes one per request: nothing of one target's answer can leak
 * into another's.
 */
export function renderProbeRegistry(samples: readonly ProbeSample[]): Registry {
  const registry = new Registry();
  const families = new Map<string, ProbeSample[]>();
  for (const sample of samples) families.set(sample.name, [...(families.get(sample.name) ?? []), sample]);
  for (const name of [...families.keys()].sort()) {
    const members = families.get(name) ?? [];
    const labelNames = [...new Set(members.flatMap((sample) => Object.keys(sample.labels ?? {})))];
    const gauge = new Gauge({ name, help: members[0]?.help ?? name, labelNames, registers: [registry] });
    for (const sample of members) {
      if (sample.labels === undefined) gauge.set(sample.value);
      else gauge.set(sample.labels, sample.value);
    }
  }
  return registry;
}
