/** An address and port something serves (or is supposed to serve) on. */
export interface Endpoint {
  host: string;
  port: number;
}
