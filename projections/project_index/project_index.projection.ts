import { StreamIds } from '../../events/streams';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, type Tracked } from '../common/fold';

/**
 * Which streams make up a project's audit trail (API.md `GET /v1/projects/:projectId/history`: every
 * event of the project and its contracts, in order, with position and hash). The route reads these
 * streams and merges them by position.
 *
 * `project:<id>` (kind 'project'): project-<id>, then contract-<id> of each contract signed for it, then
 * penalty-<id> of each penalty on those contracts, in order of first appearance. Not included: the
 * contractor-<uscc> and budget-<region>-<year> streams (shared with other projects; the penalty's
 * consequences there are named by the penalty stream's PenaltyImposed), nor fund streams.
 * `contract:<id>` and `penalty:<id>` (kinds 'contract_map', 'penalty_map'): the project of a contract
 * or penalty, so a history can be found from either id.
 *
 * Every event that creates one of those streams carries the project id (ProjectRegistered,
 * ContractSigned, PenaltyImposed), so no lookup is needed.
 */

export interface ProjectIndexRow extends Tracked {
  readonly kind: 'project';
  readonly projectId: string;
  readonly region: string;
  readonly fiscalYear: number;
  readonly contractIds: readonly string[];
  readonly penaltyIds: readonly string[];
  readonly streams: readonly string[];
  /** Position of ProjectRegistered. */
  readonly registeredPosition: number | null;
}

export interface ProjectIndexMapRow extends Tracked {
  readonly kind: 'contract_map' | 'penalty_map';
  readonly id: string;
  readonly projectId: string;
}

export type ProjectIndexRows = ProjectIndexRow | ProjectIndexMapRow;

export const projectKey = (projectId: string): string => `project:${projectId}`;

const withStream = (r: ProjectIndexRow, stream: string): readonly string[] =>
  r.streams.includes(stream) ? r.streams : [...r.streams, stream];

function foldProject(row: ProjectIndexRow | null, entry: ProjectedEntry, projectId: string): ProjectIndexRow | null {
  const e = entry.event;
  const r: ProjectIndexRow = row ?? {
    kind: 'project',
    projectId,
    region: '',
    fiscalYear: 0,
    contractIds: [],
    penaltyIds: [],
    streams: [StreamIds.project(projectId)],
    registeredPosition: null,
    lastPosition: 0,
  };
  switch (e.type) {
    case 'ProjectRegistered':
      return { ...r, region: e.data.region, fiscalYear: e.data.fiscalYear, registeredPosition: entry.position };
    case 'ContractSigned': {
      const { contractId } = e.data;
      if (r.contractIds.includes(contractId)) return r;
      return { ...r, contractIds: [...r.contractIds, contractId], streams: withStream(r, StreamIds.contract(contractId)) };
    }
    case 'PenaltyImposed': {
      const { penaltyId } = e.data;
      if (r.penaltyIds.includes(penaltyId)) return r;
      return { ...r, penaltyIds: [...r.penaltyIds, penaltyId], streams: withStream(r, StreamIds.penalty(penaltyId)) };
    }
    default:
      return row;
  }
}

function fold(row: ProjectIndexRows | null, entry: ProjectedEntry, key: string): ProjectIndexRows | null {
  const e = entry.event;
  if (key.startsWith('contract:') && e.type === 'ContractSigned') {
    return { kind: 'contract_map', id: e.data.contractId, projectId: e.data.projectId, lastPosition: entry.position };
  }
  if (key.startsWith('penalty:') && e.type === 'PenaltyImposed') {
    return { kind: 'penalty_map', id: e.data.penaltyId, projectId: e.data.projectId, lastPosition: entry.position };
  }
  if (!key.startsWith('project:') || (row !== null && row.kind !== 'project')) return row;
  return foldProject(row, entry, key.slice('project:'.length));
}

export const projectIndexProjection: Projection<ProjectIndexRows> = {
  name: 'project_index',
  version: 1,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    project_id: { type: 'text', of: (r) => r.projectId },
    region: { type: 'text', of: (r) => (r.kind === 'project' ? r.region : null) },
    fiscal_year: { type: 'integer', of: (r) => (r.kind === 'project' ? r.fiscalYear : null) },
  },
  keysOf(entry) {
    const e = entry.event;
    switch (e.type) {
      case 'ProjectRegistered':
        return [projectKey(e.data.projectId)];
      case 'ContractSigned':
        return [`contract:${e.data.contractId}`, projectKey(e.data.projectId)];
      case 'PenaltyImposed':
        return [`penalty:${e.data.penaltyId}`, projectKey(e.data.projectId)];
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
