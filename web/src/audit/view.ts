/** One view of the console: `open` with the fragment's argument (#entry/12 → '12'), `clear` on sign-out. */
export interface View {
  open(arg: string | null): void;
  clear(): void;
}
