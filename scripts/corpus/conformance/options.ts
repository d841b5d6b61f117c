/** Command-line options of `npm run conformance`, and board selection. */
import { CORPUS_ARCHS, type CorpusArch } from '../corpus.js';

export interface ConformanceOptions {
  archs: CorpusArch[];
  only: string[];
  jobs: number;
  /** Seconds one board may take in dtlint before it counts as a hang. */
  timeout: number;
  updateKnown: boolean;
  allowGrow: boolean;
  verbose: boolean;
  knownFile?: string;
}

export const USAGE = `usage: conformance [--arch arm64|arm]... [--only GLOB]... [--jobs N] [--timeout SECONDS]
                   [--update-known [--allow-grow]] [--known FILE] [--verbose]`;

/** Parses argv (without node and the script); throws an Error with a message on a bad option. */
export function parseOptions(argv: string[]): ConformanceOptions {
  const options: ConformanceOptions = {
    archs: [],
    only: [],
    jobs: 2,
    timeout: 120,
    updateKnown: false,
    allowGrow: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--arch':
        for (const a of value().split(',')) {
          if (!(CORPUS_ARCHS as readonly string[]).includes(a)) throw new Error(`--arch must be one of ${CORPUS_ARCHS.join(', ')}`);
          if (!options.archs.includes(a as CorpusArch)) options.archs.push(a as CorpusArch);
        }
        break;
      case '--only':
        options.only.push(value());
        break;
      case '--jobs':
        options.jobs = positiveInt(flag, value());
        break;
      case '--timeout':
        options.timeout = positiveInt(flag, value());
        break;
      case '--known':
        options.knownFile = value();
        break;
      case '--update-known':
        options.updateKnown = true;
        break;
      case '--allow-grow':
        options.allowGrow = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (options.archs.length === 0) options.archs = [...CORPUS_ARCHS];
  if (options.allowGrow && !options.updateKnown) throw new Error('--allow-grow only goes with --update-known');
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq !== -1 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${text}`);
  return n;
}

/**
 * A shell-style glob as a test on board paths (relative to the kernel root): `*` and `?` stay within
 * one path segment, `**` crosses them. A pattern without `/` is matched against the file name.
 */
export function globMatcher(pattern: string): (board: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` is zero or more whole segments; a bare `**` anything.
      i++;
      if (pattern[i + 1] === '/') {
        source += '(?:.*/)?';
        i++;
      } else source += '.*';
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`);
  if (pattern.includes('/')) return (board) => re.test(board);
  return (board) => re.test(board.slice(board.lastIndexOf('/') + 1));
}

/** Boards selected by `--only` (all when none given). */
export function selectBoards(boards: string[], only: string[]): string[] {
  if (only.length === 0) return boards;
  const tests = only.map(globMatcher);
  return boards.filter((b) => tests.some((t) => t(b)));
}
