import { parseArgs } from 'node:util';

/**
 * The bench scripts' flags: `--help` prints the usage; an unknown flag or a number out of range is one line
 * on stderr with the usage and exit code 2, never a stack trace. `bounded(name, max)` reads a whole number
 * from 1 to max.
 * @param {string} name e.g. "bench:watch"
 * @param {string} usage
 * @param {string[]} argv
 * @param {import('node:util').ParseArgsConfig['options']} options
 */
export function readBenchOptions(name, usage, argv, options) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  /** @param {string} flag @param {number} max */
  const bounded = (flag, max) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      process.stderr.write(`${name}: --${flag} must be a whole number from 1 to ${max}\n${usage}\n`);
      process.exit(2);
    }
    return value;
  };
  return { values, bounded };
}
