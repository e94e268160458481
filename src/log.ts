/**
 * Logger factory: pino, with every configured secret (bot token, API keys) scrubbed from the final line,
 * whatever field it hides in (an error message, a stack, a URL). Structured paths that usually carry secrets
 * (`*.token`, `authorization` headers) are redacted as well.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** Strings never to print: the Discord token, API keys. Empty/short values are ignored. */
  secrets?: ReadonlyArray<string | null | undefined>;
  /** Where lines go (default stdout). Tests pass a collecting stream. */
  destination?: DestinationStream;
}

const REDACTED = '[redacted]';
/** Secrets shorter than this are ignored: scrubbing "ab" everywhere would garble logs without protecting anything. */
const MIN_SECRET_LENGTH = 8;
/** Interaction tokens (valid 15 min) appear in webhook/callback URLs of REST errors. */
const INTERACTION_TOKEN_IN_URL = /(\/(?:webhooks|interactions)\/\d+\/)[^/\s"?]+/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Returns a function replacing every occurrence of any secret (raw or JSON-escaped) with `[redacted]`. */
export function secretScrubber(secrets: ReadonlyArray<string | null | undefined>): (line: string) => string {
  const scrubTokens = (line: string): string => line.replace(INTERACTION_TOKEN_IN_URL, `$1${REDACTED}`);
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
    variants.add(encodeURIComponent(secret));
  }
  if (variants.size === 0) return scrubTokens;
  const pattern = new RegExp([...variants].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (line) => scrubTokens(line.replace(pattern, REDACTED));
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  const pinoOptions = {
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'apiKey', '*.apiKey'],
      censor: REDACTED,
    },
    hooks: { streamWrite: scrub },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
