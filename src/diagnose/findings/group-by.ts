/** Groups items by a key, keeping first-seen order of keys and items. Items with an undefined key are left out. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    if (name === undefined) continue;
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}

/** "a", "a and b", "a, b and c" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The targets a finding covers, by name and by stable id, in the same order. */
export function coveredTargets(results: readonly { target: string; id: string }[]): {
  targets: string[];
  targetIds: string[];
} {
  return { targets: results.map((result) => result.target), targetIds: results.map((result) => result.id) };
}
