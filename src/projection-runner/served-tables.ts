/**
 * Which table serves each projection, remembered between reads: a read route would otherwise ask
 * `projection_state` before every row it reads (half the cost of a credit lookup on SQLite).
 *
 * A rebuild swaps the served table and drops the old one in the same transaction. In this process
 * the store forgets the name when it swaps; another process (`ledger rebuild`, another instance)
 * can swap too, and then the remembered table no longer exists: the read fails with "no such
 * table", and is retried once on the table `projection_state` names now. Table names are never
 * reused (each build takes the next generation), so a remembered name never reads another copy.
 */
export class ServedTables {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly lookup: (name: string) => Promise<string>,
    private readonly isMissingTable: (error: unknown) => boolean,
  ) {}

  async read<T>(name: string, query: (table: string) => Promise<T>): Promise<T> {
    const remembered = this.known.get(name);
    if (remembered !== undefined) {
      try {
        return await query(remembered);
      } catch (error) {
        if (!this.isMissingTable(error)) throw error;
        this.known.delete(name);
      }
    }
    const table = await this.lookup(name);
    this.known.set(name, table);
    return query(table);
  }

  forget(name: string): void {
    this.known.delete(name);
  }
}
