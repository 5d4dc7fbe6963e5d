import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { projectKey } from '../../../../projections/project_index/project_index.projection';
import type { CommandOutcome, CommandResponse } from '../../../ledger/command';
import { CommandRunner, type LoadedStream } from '../../../ledger/command-runner';
import type { EventStore, LedgerEntry } from '../../../ledger/event-store.port';
import { eventOf } from '../../../ledger/fold';
import { awaitFreshness } from '../../../http/freshness';
import { ProjectionRunner } from '../../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../../projection-runner/projection-store.port';
import { EVENT_STORE, PROJECTION_STORE } from '../../../shared/di-tokens';
import { compact } from '../../../shared/domain/decider';
import { erasureDecider, erasuresOf, type ErasePrivateData, type ErasureRegister, type ErasureScope } from '../../domain/erasure.decider';
import { ErasePrivateDataCommand } from './erase-private-data.command';

type Loaded = ReadonlyMap<string, LoadedStream>;
const REGISTER = StreamIds.erasures();
const targetOf = (e: LedgerEntry) => ({ position: e.position, hasPrivatePart: e.privateDigest !== undefined });

/**
 * load the register of erasures (and, for a project, the streams of its history) → decide → append the
 * PrivateDataErased, whose positions the store deletes in the same transaction (CommandRunner). Every stream
 * read guards the commit, so two erasures of the same entry cannot both append.
 */
@CommandHandler(ErasePrivateDataCommand)
export class ErasePrivateDataHandler implements ICommandHandler<ErasePrivateDataCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ meta, data }: ErasePrivateDataCommand): Promise<CommandOutcome> {
    const { reads, scope } = 'position' in data ? await this.entryAt(data.position) : await this.projectHistory(data.projectId);
    const command = (loaded: Loaded): ErasePrivateData => ({
      type: 'ErasePrivateData',
      data: compact({ scope: scope(loaded), reason: data.reason, legalBasis: data.legalBasis, internalNote: data.internalNote }),
    });
    return this.runner.run(meta, {
      primaryStream: REGISTER,
      reads: [REGISTER, ...reads],
      decide: (loaded) => erasureDecider.decide(command(loaded), registerOf(loaded)),
      unchanged: (loaded) => earlierErasure(loaded, erasuresOf(command(loaded), registerOf(loaded))),
    });
  }

  /** One entry: immutable, so read once; its stream need not guard the commit. */
  private async entryAt(position: number): Promise<{ reads: string[]; scope: () => ErasureScope }> {
    const [entry] = await this.store.readAll(position - 1, 1);
    const head = await this.store.head();
    const found = entry?.position === position ? targetOf(entry) : null;
    return { reads: [], scope: () => ({ kind: 'position', position, entry: found, head }) };
  }

  /** The streams of the project's history (project, its contracts, its penalties), the index read as fresh as the ledger. */
  private async projectHistory(projectId: string): Promise<{ reads: readonly string[]; scope: (loaded: Loaded) => ErasureScope }> {
    await awaitFreshness(this.projections, ['project_index'], String(await this.store.head()));
    const index = await this.rows.getRow('project_index', projectKey(projectId));
    if (!index || index.kind !== 'project') return { reads: [], scope: () => ({ kind: 'project', projectId, entries: null }) };
    return {
      reads: index.streams,
      scope: (loaded) => ({ kind: 'project', projectId, entries: index.streams.flatMap((s) => loaded.get(s)!.entries.map(targetOf)) }),
    };
  }
}

function registerOf(loaded: Loaded): ErasureRegister {
  let state = erasureDecider.initialState();
  for (const entry of loaded.get(REGISTER)!.entries) state = erasureDecider.evolve(state, eventOf(entry), entry.position);
  return state;
}

/** The answer to a repeated erasure: the last earlier PrivateDataErased that erased what it names (and the ids of all of them). */
function earlierErasure(loaded: Loaded, positions: readonly number[]): CommandResponse {
  const entries = loaded.get(REGISTER)!.entries.filter((e) => positions.includes(e.position));
  const last = entries[entries.length - 1];
  return { streamId: REGISTER, version: last.streamVersion, position: last.position, eventIds: entries.map((e) => e.eventId) };
}
