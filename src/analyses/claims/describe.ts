import { formatFigure } from './numbers.js';
import type { Tok, TokOf } from './tokens.js';
import type { Figure, PeriodRef, Recognised } from './types.js';

/** What each token was read as, in words: the "recognised" list a claim that cannot be read shows. */

const UNIT_NAMES: Record<string, string> = { day: 'a day', week: 'a week', month: 'a month', year: 'a year' };

export function describeFigure(f: Figure): string {
  return `${f.qualifierText ? `${f.qualifierText} ` : ''}${formatFigure(f.value)}`;
}

function describeRef(r: PeriodRef): string {
  switch (r.type) {
    case 'fixed':
      return `${r.period.label} (${r.period.start} to ${r.period.end}, ${r.period.days} days)`;
    case 'since':
      return `from ${r.period.label} on`;
    case 'previous':
      return 'the period of the same length just before';
    case 'unresolved':
      return `not dated: ${r.why}`;
  }
}

/** "almost one every 4 hours", "3.2 per 1,000 residents", "more than 6 a day". */
function describeRate(t: TokOf<'rate'>): string {
  if (t.interval) {
    const qualifier = t.figure.qualifierText ? `${t.figure.qualifierText} ` : '';
    const units = `${t.interval}${t.figure.value === 1 ? '' : 's'}`;
    return `${qualifier}one every ${formatFigure(t.figure.value)} ${units}`;
  }
  if (t.residents) return `${describeFigure(t.figure)} per ${formatFigure(t.residents)} residents`;
  return `${describeFigure(t.figure)} ${UNIT_NAMES[t.unit]}`;
}

/** "almost ×4", "×2 fall". */
function describeMultiple(t: TokOf<'mult'>): string {
  const qualifier = t.figure.qualifierText ? `${t.figure.qualifierText} ` : '';
  return `${qualifier}×${formatFigure(t.figure.value)}${t.direction === 'fall' ? ' fall' : ''}`;
}

export function describeToken(t: Tok, text: string): Recognised[] {
  switch (t.t) {
    case 'period':
      return [{ what: 'period', text, meaning: describeRef(t.ref) }];
    case 'span':
      return [
        { what: 'periods', text, meaning: `${t.a.label} and ${t.b.label} (or the span ${t.a.start} to ${t.b.end})` },
      ];
    case 'cat':
      return [{ what: 'category', text, meaning: t.id }];
    case 'count':
      return [{ what: 'count', text, meaning: describeFigure(t.figure) }];
    case 'rate':
      return [{ what: 'rate', text, meaning: describeRate(t) }];
    case 'pct':
      return [
        {
          what: 'percentage change',
          text,
          meaning: `${describeFigure(t.figure)}%${t.direction ? ` ${t.direction}` : ''}`,
        },
      ];
    case 'mult':
      return [{ what: 'multiple', text, meaning: describeMultiple(t) }];
    case 'dir':
      return [{ what: 'direction', text, meaning: t.direction }];
    default:
      return [];
  }
}
