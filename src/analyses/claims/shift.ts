import { addYears } from '../../core/dates.js';
import { claimPeriod } from './periods.js';
import type { ClaimPeriod } from './types.js';

/** Periods moved back or on: the same period years away, or the period just before. */

/** The period `years` years later or earlier, same shape (2015 → 2017, 2015/16 → 2017/18). */
export function shiftYears(p: ClaimPeriod, years: number): ClaimPeriod {
  const start = addYears(p.start, years);
  let end = addYears(p.end, years);
  // A period ending on the last day of February ends on the last day of February.
  if (p.end.slice(5, 7) === '02' && Number(p.end.slice(8, 10)) >= 28) {
    const y = Number(end.slice(0, 4));
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    end = `${y}-02-${leap ? '29' : '28'}`;
  }
  return claimPeriod(start, end);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The period of the same length just before `p` (a year earlier for a 12-month period). */
export function previousOf(p: ClaimPeriod): ClaimPeriod {
  const sy = Number(p.start.slice(0, 4));
  const sm = Number(p.start.slice(5, 7));
  const ey = Number(p.end.slice(0, 4));
  const em = Number(p.end.slice(5, 7));
  const lastDay = new Date(Date.UTC(ey, em, 0)).getUTCDate();
  if (p.start.endsWith('-01') && Number(p.end.slice(8, 10)) === lastDay) {
    const months = (ey - sy) * 12 + (em - sm) + 1;
    const toIndex = (y: number, m: number) => y * 12 + (m - 1);
    const startIdx = toIndex(sy, sm) - months;
    const endIdx = toIndex(sy, sm) - 1;
    const ny = Math.floor(startIdx / 12);
    const nm = (startIdx % 12) + 1;
    const ny2 = Math.floor(endIdx / 12);
    const nm2 = (endIdx % 12) + 1;
    const end = `${ny2}-${pad2(nm2)}-${pad2(new Date(Date.UTC(ny2, nm2, 0)).getUTCDate())}`;
    return claimPeriod(`${ny}-${pad2(nm)}-01`, end);
  }
  const startMs = Date.UTC(sy, sm - 1, Number(p.start.slice(8, 10)));
  const dayMs = 86_400_000;
  const newEnd = new Date(startMs - dayMs).toISOString().slice(0, 10);
  const newStart = new Date(startMs - p.days * dayMs).toISOString().slice(0, 10);
  return claimPeriod(newStart, newEnd);
}
