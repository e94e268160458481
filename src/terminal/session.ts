/**
 * The interactive terminal session (`attache start` without a Discord token): a prompt with line editing, history
 * kept across runs, Tab completion, `help` and `quit`. Each line is either a command, parsed by the same parser as
 * the command line (`meetings --with Ishiba`, or Discord's spelling `/meetings with:Ishiba`), or a question.
 * Piped input is answered line by line without a prompt.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { commandSpec, commandUsage } from './commands.js';
import { sessionArgv } from './args.js';
import { completeLine, type CompletionSource } from './complete.js';
import type { Style } from './style.js';

export const HISTORY_SIZE = 500;
export const PROMPT = 'attache> ';

export interface SessionIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** True on a terminal: prompt, echo, line editing, completion and history. */
  terminal: boolean;
  style: Style;
  /** Where the history is kept (one line per entry, oldest first), or null for none. */
  historyFile: string | null;
}

/** Runs one command line (already split into argv) and returns its exit code; output goes to the session. */
export type RunCommand = (argv: string[]) => Promise<number>;

const QUIT = new Set(['quit', 'exit', '/quit', '/exit']);

/** Loads the history newest first, as readline wants it. */
async function loadHistory(file: string | null): Promise<string[]> {
  if (!file) return [];
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 2 * HISTORY_SIZE) await writeFile(file, `${lines.slice(-HISTORY_SIZE).join('\n')}\n`);
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

async function remember(file: string | null, line: string, previous: string | undefined): Promise<void> {
  if (!file || line === previous) return;
  try {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${line.replace(/\n/g, ' ')}\n`);
  } catch {
    // A history that cannot be written only loses the history.
  }
}

export function sessionHelp(): string {
  return [
    'Type a question, or a command:',
    '  briefing [TOPIC]                      the overview',
    '  meetings [--with NAME] [--year YEAR] [--place PLACE]',
    '  cooperation AREA                      one field of cooperation',
    '  timeline [--from DATE] [--to DATE]',
    '  ask QUESTION                          the same as typing the question',
    '  sources [ID]                          the articles',
    '  digest --preview                      the next digest',
    '  help [COMMAND]                        this help, or one command’s options',
    '  quit                                  leave (or Ctrl-D)',
    'Options also take the Discord spelling: /meetings with:Ishiba year:2024. Tab completes commands, options,',
    'people, places and areas; ↑/↓ walk the history.',
  ].join('\n');
}

/** What one line asks for: a command's argv, help, quitting, a question, or an unknown slash command. */
export type SessionLine =
  | { kind: 'empty' } | { kind: 'quit' } | { kind: 'help'; topic: string | null }
  | { kind: 'command'; argv: string[] } | { kind: 'unknown'; name: string } | { kind: 'question'; text: string };

export function classifyLine(line: string): SessionLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (QUIT.has(text.toLowerCase())) return { kind: 'quit' };
  const argv = sessionArgv(text);
  const name = argv[0] ?? '';
  if (name === 'help') return { kind: 'help', topic: argv[1] ?? null };
  const spec = commandSpec(name);
  if (spec) return { kind: 'command', argv };
  if (text.startsWith('/')) return { kind: 'unknown', name };
  return { kind: 'question', text };
}

/** Runs the session until `quit`, `exit` or the end of input. */
export async function runSession(io: SessionIo, source: CompletionSource, run: RunCommand, banner: string): Promise<void> {
  const say = (text: string) => io.output.write(`${text}\n`);
  say(banner);
  const history = io.terminal ? await loadHistory(io.historyFile) : [];
  const rl = createInterface({
    input: io.input,
    output: io.terminal ? io.output : undefined,
    terminal: io.terminal,
    prompt: PROMPT,
    historySize: HISTORY_SIZE,
    history,
    removeHistoryDuplicates: true,
    ...(io.terminal ? { completer: (line: string) => completeLine(line, source) } : {}),
  });
  let last = history[0];
  const prompt = () => io.terminal && rl.prompt();
  // Ctrl-C as in a shell: it drops the line being typed; on an empty line it leaves.
  rl.on('SIGINT', () => {
    if (rl.line === '') return rl.close();
    say('^C');
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
  });
  prompt();
  for await (const raw of rl) {
    const line = classifyLine(raw);
    if (line.kind !== 'empty' && io.terminal) {
      await remember(io.historyFile, raw.trim(), last);
      last = raw.trim();
    }
    if (line.kind === 'quit') break;
    if (line.kind === 'help') {
      const spec = line.topic ? commandSpec(line.topic.replace(/^\//, '')) : undefined;
      say(spec ? commandUsage(spec) : sessionHelp());
    } else if (line.kind === 'unknown') {
      say(io.style.error(`Unknown command /${line.name}. Type help for the commands.`));
    } else if (line.kind === 'command') {
      const spec = commandSpec(line.argv[0]!)!;
      if (!spec.inSession) say(io.style.error(`${spec.name} is not available inside the session: run attache ${spec.name} from the shell.`));
      else await run(line.argv);
    } else if (line.kind === 'question') {
      await run(['ask', line.text]);
    }
    if (line.kind !== 'empty') say('');
    prompt();
  }
  rl.close();
}
