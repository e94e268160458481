/**
 * Colours for the terminal: only on a TTY, never when NO_COLOR is set to anything (https://no-color.org) or the
 * terminal is "dumb". Text written to a pipe or a file stays plain.
 */
export interface Style {
  title(text: string): string;
  heading(text: string): string;
  dim(text: string): string;
  error(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const PLAIN: Style = { title: (t) => t, heading: (t) => t, dim: (t) => t, error: (t) => t };

const COLOURED: Style = { title: sgr(1, 22), heading: (t) => sgr(1, 22)(sgr(36, 39)(t)), dim: sgr(2, 22), error: sgr(31, 39) };

/** True when `stream` is a terminal and the environment does not refuse colours. */
export function wantsColour(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (!stream.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export function styleFor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Style {
  return wantsColour(stream, env) ? COLOURED : PLAIN;
}
