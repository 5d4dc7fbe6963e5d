import type { ProjectionBuild, ProjectionState } from './projection-store.port';

/** `projection_state` and `projection_builds` rows as both adapters select them (`SELECT *`). */

export interface StateRow {
  name: string;
  version: number;
  tbl: string;
  generation: number;
  position: number;
  status: string;
  failed_position: number | null;
  error: string | null;
}

export interface BuildRow {
  name: string;
  version: number;
  tbl: string;
  position: number;
}

export const toState = (r: StateRow): ProjectionState => ({
  name: r.name,
  version: r.version,
  table: r.tbl,
  position: r.position,
  status: r.status as ProjectionState['status'],
  failedPosition: r.failed_position,
  error: r.error,
});

export const toBuild = (r: BuildRow): ProjectionBuild => ({ name: r.name, version: r.version, table: r.tbl, position: r.position });
