/**
 * A rule's descriptions for SARIF, from its docs page (docs/rules/<id>.md): GitHub shows
 * `fullDescription` (at most 1024 characters) at the top of an alert and `help.markdown` below it,
 * and never shows `helpUri`, so the docs link goes into the help text as well.
 */
import type { AnyRule } from '../lint/rule.js';
import { docsUrl } from './project.js';

export interface RuleHelp {
  fullDescription: string;
  text: string;
  markdown: string;
  helpUri: string;
}

/** GitHub code scanning's limit for shortDescription and fullDescription. */
export const DESCRIPTION_LIMIT = 1024;

type RuleMeta = Pick<AnyRule, 'id' | 'summary' | 'docs' | 'symptoms'>;

/** `page` is the rule's docs page, when it could be read. */
export function ruleHelp(rule: RuleMeta, page: string | undefined): RuleHelp {
  const helpUri = docsUrl(rule.docs);
  const body = page === undefined ? '' : withoutTitle(page).trim();
  const finds = page === undefined ? undefined : section(page, 'What it finds');
  const symptoms = rule.symptoms.length > 0 ? ` At run time: ${rule.symptoms.join('; ')}.` : '';
  const full = finds !== undefined && finds !== '' ? plainText(finds) : `${sentence(rule.summary)}${symptoms}`;
  if (body === '') {
    return {
      fullDescription: truncate(full, DESCRIPTION_LIMIT),
      text: `${sentence(rule.summary)}${symptoms}\n\nDocumentation: ${helpUri}`,
      markdown: `${sentence(rule.summary)}${symptoms}\n\nSee the [rule documentation](${helpUri}).`,
      helpUri,
    };
  }
  return {
    fullDescription: truncate(full, DESCRIPTION_LIMIT),
    text: `${body}\n\nDocumentation: ${helpUri}`,
    markdown: `${body}\n\nSee the [rule documentation](${helpUri}).`,
    helpUri,
  };
}

/** The page without its `# id` title line. */
function withoutTitle(page: string): string {
  return page.replace(/\r\n/g, '\n').replace(/^# [^\n]*\n/, '');
}

/** The text under `## heading`, up to the next `## `. */
export function section(page: string, heading: string): string | undefined {
  const lines = page.replace(/\r\n/g, '\n').split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
}

/** Paragraphs joined into lines, code blocks dropped: a description, not a page. */
function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '')
    .join('\n\n');
}

/** The text with a full stop, unless it ends in one (or in ! or ?). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Cut at a word boundary, marked with an ellipsis. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}\u2026`;
}
