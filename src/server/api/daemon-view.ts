import type { ApiToken } from '../../config/api-config.js';
import type { Finding } from '../../diagnose/verdict.js';
import type { DeployInput, HostEventsInput } from '../../incidents/engine-input.js';
import type { TargetRound } from '../../incidents/round.js';
import type { LeaseStatus } from '../../store/lease-keeper.js';
import type { Store } from '../../store/store.js';
import type { StoreWriterStatus } from '../../store/store-writer.js';
import type { WatchStatus } from '../../watch/create-watch.js';
import type { WatchPlan } from '../../watch/plan-watch.js';
import type { MaintenanceService } from '../alerting/maintenance-service.js';
import type { IncidentFeed } from './incident-feed.js';

/**
 * What the HTTP routes read of the running daemon: the watch's state, the store and its writer. Read
 * through functions, so a reload shows at once and the routes never hold on to a stale plan.
 */
export interface DaemonView {
  version: string;
  startedAtMs: number;
  now(): number;
  watch: {
    status(): WatchStatus;
    latest(): ReadonlyMap<string, TargetRound>;
    findings(): Finding[];
    plan(): WatchPlan | undefined;
  };
  store: Store;
  writer: { status(): StoreWriterStatus };
  /** the engine lease: whether this node runs the incident engine and the senders */
  lease: { status(): LeaseStatus };
  tokens(): readonly ApiToken[];
  /** ad hoc maintenance windows: start one, end one early */
  maintenance: Pick<MaintenanceService, 'open' | 'end'>;
  /** the daemon's incidents; absent where none are kept (the pages and routes then say so) */
  incidents?: IncidentFeed;
  /** told of every host-event batch and deploy mark once stored (new events only): the incident engine's feed */
  changesStored?(input: HostEventsInput | DeployInput): void;
}
