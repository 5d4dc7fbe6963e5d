import { projectIndexProjection, type ProjectIndexRow } from '../../projections/project_index/project_index.projection';
import { COMPLETION_C2, expectReplayable, P1_HISTORY, P2_UNANNOUNCED, REVOCATION, rowOf, rowsOf } from './fixtures/lifecycle';

describe('project_index projection', () => {
  it('given two projects, a contract each and a penalty: the streams of each project, in order of first appearance', () => {
    const rows = rowsOf(projectIndexProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...REVOCATION, ...COMPLETION_C2]);
    expect(rowOf<ProjectIndexRow>(rows, 'project:P1')).toEqual({
      kind: 'project',
      projectId: 'P1',
      region: '220100',
      fiscalYear: 2024,
      registeredPosition: 5,
      lastPosition: 16,
      contractIds: ['C1'],
      penaltyIds: ['pen1'],
      streams: ['project-P1', 'contract-C1', 'penalty-pen1'],
    });
    expect(rowOf<ProjectIndexRow>(rows, 'project:P2')).toMatchObject({
      contractIds: ['C2'],
      penaltyIds: [],
      streams: ['project-P2', 'contract-C2'],
    });
    expect(rowOf(rows, 'contract:C2')).toEqual({ kind: 'contract_map', id: 'C2', projectId: 'P2', lastPosition: 25 });
    expect(rowOf(rows, 'penalty:pen1')).toEqual({ kind: 'penalty_map', id: 'pen1', projectId: 'P1', lastPosition: 16 });
    expect([...rows.keys()].sort()).toEqual(['contract:C1', 'contract:C2', 'penalty:pen1', 'project:P1', 'project:P2']);
  });

  it("lists only streams that hold the project's own events: no contractor, budget or fund stream", () => {
    const rows = rowsOf(projectIndexProjection, P1_HISTORY);
    const streams = rowOf<ProjectIndexRow>(rows, 'project:P1').streams;
    expect(streams.some((s) => /^(contractor|budget|fund)-/.test(s))).toBe(false);
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(projectIndexProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...REVOCATION, ...COMPLETION_C2]);
  });
});
