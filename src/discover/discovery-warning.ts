import type { ConfigPlace } from './nginx/nginx-inventory.js';

/** What `discover nginx` warns about: a problem nginx itself would serve around, at its place in the tree. */
export type DiscoveryWarningCode =
  | 'no_default_server'
  | 'duplicate_default_server'
  | 'duplicate_listen_options'
  | 'listen_options_differ'
  | 'dual_stack_overlap'
  | 'conflicting_server_name'
  | 'suspicious_server_name'
  | 'certificate_mismatch'
  | 'certificate_expiring'
  | 'certificate_expired'
  | 'certificate_unreadable';

export interface DiscoveryWarning extends ConfigPlace {
  code: DiscoveryWarningCode;
  message: string;
}
