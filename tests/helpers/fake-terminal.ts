import { Writable } from "node:stream";

/** A writable that says it is a terminal and keeps everything written to it, escape sequences included. */
export class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns: number;
  written = "";

  constructor(columns = 200) {
    super({ decodeStrings: false });
    this.columns = columns;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.written += String(chunk);
    done();
  }

  /** The rows a terminal would show after replaying everything written, trailing blanks removed. */
  screen(): string[] {
    return renderScreen(this.written);
  }
}

/**
 * Replays terminal output and returns the rows it leaves on screen: the part of VT100 that readline's
 * cursor helpers and cli-progress use (cursor moves, line and screen clears; colours are ignored).
 * A line feed also returns the carriage, as a terminal's output processing does.
 */
export function renderScreen(written: string): string[] {
  const rows: string[] = [""];
  let row = 0;
  let column = 0;
  const line = () => rows[row] ?? "";
  const set = (text: string) => {
    while (rows.length <= row) rows.push("");
    rows[row] = text;
  };
  let index = 0;
  while (index < written.length) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replaying escape sequences is the point
    const csi = /^\u001b\[([?\d;]*)([A-Za-z])/.exec(written.slice(index, index + 16));
    if (csi) {
      index += csi[0].length;
      const [, parameters = "", command] = csi;
      const n = parameters.startsWith("?") ? 0 : Number(parameters || 0);
      if (command === "G") column = Math.max(0, (n || 1) - 1);
      else if (command === "A") row = Math.max(0, row - (n || 1));
      else if (command === "B") row += n || 1;
      else if (command === "C") column += n || 1;
      else if (command === "D") column = Math.max(0, column - (n || 1));
      else if (command === "K") {
        const text = line();
        if (n === 0) set(text.slice(0, column));
        else if (n === 1) set(" ".repeat(column) + text.slice(column));
        else set("");
      } else if (command === "J") {
        set(line().slice(0, column));
        rows.splice(row + 1);
      }
      continue;
    }
    if (written[index] === "\u001b") {
      index += 2; // cursor save and restore
      continue;
    }
    const character = String.fromCodePoint(written.codePointAt(index) ?? 0);
    index += character.length;
    if (character === "\n") {
      row += 1;
      column = 0;
      set(line());
    } else if (character === "\r") {
      column = 0;
    } else {
      const text = line().padEnd(column);
      set(text.slice(0, column) + character + text.slice(column + 1));
      column += 1;
    }
  }
  const shown = rows.map((text) => text.trimEnd());
  while (shown.length > 0 && shown.at(-1) === "") shown.pop();
  return shown;
}
