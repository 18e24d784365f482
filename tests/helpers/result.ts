import type { Result, Row } from '../../src/analyses/result.js';
import { TREND_COLUMNS } from '../../src/analyses/trend.js';

/** A small trend result for renderer tests: every column filled, a rise and a fall, one with a big count. */
export function sampleTrendResult(rows?: Row[]): Result {
  const base = {
    area: 'Calderdale',
    category: 'stalking',
    smallBase: false,
    predatesCode: false,
    comparable: true,
    notComparableBecause: null,
  };
  return {
    command: 'trend',
    title: 'Trend',
    inputs: [{ path: '/data/calderdale.csv', layout: 'wide-financial-year', rows: 136 }],
    columns: TREND_COLUMNS,
    rows: rows ?? [
      {
        ...base,
        period: '2019/20',
        start: '2019-04-01',
        end: '2020-03-31',
        days: 366,
        count: 128,
        previousPeriod: '2018/19',
        previousCount: 96,
        change: 32,
        changePct: 33.33,
      },
      {
        ...base,
        category: 'harassment',
        period: '2017/18',
        start: '2017-04-01',
        end: '2018-03-31',
        days: 365,
        count: 599,
        previousPeriod: '2016/17',
        previousCount: 1470,
        change: -871,
        changePct: -59.25,
      },
      {
        ...base,
        category: 'stalking-and-harassment',
        period: '2021/22',
        start: '2021-04-01',
        end: '2022-03-31',
        days: 365,
        count: 1234567,
        previousPeriod: null,
        previousCount: null,
        change: null,
        changePct: null,
      },
    ],
    notes: ['a note'],
    warnings: [],
    reconciliation: {
      rowsRead: 136,
      rowsUsed: 135,
      excluded: [
        {
          reason: "totals row ('All crimes'): not added, so nothing is counted twice",
          rows: 1,
          offences: 157000,
          example: 'West Yorkshire,Calderdale,All crimes',
          line: 137,
        },
      ],
    },
  };
}
