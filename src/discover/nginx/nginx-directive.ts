/** One directive of nginx configuration, where it was written, and its block when it opens one. */
export interface NginxDirective {
  name: string;
  /** arguments after nginx's unescaping; a quoted argument keeps its spaces and punctuation */
  args: string[];
  file: string;
  line: number;
  column: number;
  /** present for block directives (`server { ... }`), absent for simple ones (`listen 80;`) */
  block?: NginxDirective[];
}

/** A parsed configuration tree with `include` directives replaced by the directives of the files they name. */
export interface NginxConfigTree {
  mainFile: string;
  /** every file read, in the order nginx reads them */
  files: string[];
  directives: NginxDirective[];
}
