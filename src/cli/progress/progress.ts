/**
 * Progress of long CLI work on stderr. At a terminal one line is redrawn in place (a bar with an
 * estimate, at most ten times a second) and wiped before anything else is printed, so results on
 * stdout never mix with it; anywhere else — a pipe, a CI log — a plain line is written now and then
 * (every `plainEveryMs`, and when the work is complete), because carriage returns make logs unreadable.
 * Work done within `plainEveryMs` writes no plain line at all: a quick command's log stays as it was.
 */
import { renderBar, renderPlain, type ProgressState } from './progressText.ts';

/** A terminal to draw on; the CLI passes process.stderr when it is a TTY, and nothing otherwise. */
export interface ProgressTerminal {
  write(text: string): unknown;
  columns?: number;
}

export interface ProgressOptions {
  /** Where the bar goes; without one, plain lines go to `line`. */
  terminal?: ProgressTerminal;
  /** Writes one plain line (the CLI's stderr writer). */
  line: (text: string) => void;
  now?: () => number;
  plainEveryMs?: number;
}

const REDRAW_MS = 100;
const CLEAR = '\r\x1b[2K';

export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private state?: ProgressState;
  private lastWrite: number;
  private drawn = false;
  private wrotePlain = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastWrite = options.terminal ? -Infinity : this.started;
  }

  update(state: ProgressState): void {
    this.state = state;
    const now = this.now();
    const complete = state.total !== undefined && state.done >= state.total;
    const every = this.options.terminal ? REDRAW_MS : (this.options.plainEveryMs ?? 5000);
    // The last line is worth writing when the bar is up or a plain line has told the work had begun.
    const finishes = complete && (this.options.terminal !== undefined || this.wrotePlain);
    if (!finishes && now - this.lastWrite < every) return;
    this.lastWrite = now;
    this.draw(now);
  }

  /** Wipes the bar (a terminal) so that other output starts on a clean line; `redraw` puts it back. */
  clear(): void {
    if (this.options.terminal && this.drawn) this.options.terminal.write(CLEAR);
    this.drawn = false;
  }

  redraw(): void {
    if (this.options.terminal && this.state) this.draw(this.now());
  }

  /** The work is over: the bar goes away (its results are printed by the command). */
  end(): void {
    this.clear();
    this.state = undefined;
  }

  private draw(now: number): void {
    const { terminal } = this.options;
    const state = this.state!;
    const elapsed = now - this.started;
    if (terminal) {
      terminal.write(CLEAR + renderBar(state, elapsed, terminal.columns ?? 80));
      this.drawn = true;
    } else {
      this.options.line(renderPlain(state, elapsed));
      this.wrotePlain = true;
    }
  }
}
