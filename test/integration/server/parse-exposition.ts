/** One series of Prometheus's text format: `name{a="1",b="2"}` and its value. */
export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The series of an exposition text, comments skipped; a line that does not parse throws. */
export function parseExposition(text: string): Series[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = LINE.exec(line);
      if (match === null) throw new Error(`not an exposition line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name = '', value = ''] of (match[2] ?? '').matchAll(LABEL)) {
        labels[name] = value.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
      }
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

/** `name{a="1",b="2"}` with labels in name order: one key per series, to compare two answers. */
export function seriesKey(series: Series): string {
  const labels = Object.keys(series.labels)
    .sort()
    .map((name) => `${name}="${series.labels[name]}"`)
    .join(',');
  return labels === '' ? series.name : `${series.name}{${labels}}`;
}

/** key -> value for every series. */
export function indexSeries(text: string): Map<string, number> {
  return new Map(parseExposition(text).map((series) => [seriesKey(series), series.value]));
}
