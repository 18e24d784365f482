// Checking a whole article: a 2,000-word article (forty paragraphs, each with a count, a rate per
// day, a change, a phone number, an age and a sentence length) checked against the real ONS file,
// against one claim checked against the same file (which reads the file just the same). Target:
// the article in under 1 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ARTICLE_TARGET_SECONDS = 1;

const PARAGRAPH =
  'Stalking and harassment offences recorded by Dorset Police rose to 2,336 in 2017, more than six a day, ' +
  'figures show. Victims can call 101 or the National Stalking Helpline on 0808 802 0300, and a 33-year-old ' +
  'man was jailed for 16 months. Across England and Wales there were 279,841 offences in the 12 months to ' +
  'December 2017, almost double the figure for 2015.';

/** The article's text: forty paragraphs, 2,000 words or more. */
export function longArticle() {
  return Array.from({ length: 40 }, () => PARAGRAPH).join('\n\n');
}

export function articleBench({ entry, ons, runs, measure, env, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'stalkstats-bench-article-'));
  const path = join(dir, 'article.txt');
  const text = longArticle();
  writeFileSync(path, text);
  const list = [
    {
      name: `check --article (${text.split(/\s+/).length} words)`,
      args: [entry, 'check', ons, '--article', path, '--as-of', '2018-04-26', '--format', 'json'],
      target: true,
    },
    {
      name: 'check --claim (one claim)',
      args: [entry, 'check', ons, '--area', 'Dorset', '--claim', '2,336 offences in 2017', '--format', 'json'],
      reference: true,
    },
  ];
  const results = list.map((t) => ({ ...t, times: [], peaks: [], failed: null }));
  try {
    for (let r = 0; r < runs; r++) {
      for (const t of results) {
        if (t.failed) continue;
        const m = measure(process.execPath, t.args, env);
        // Exit 1 is a claim not supported: still a full run.
        if (!m.ok && !/"verdict"/.test(m.stdout)) {
          t.failed = m.stderr.trim().split('\n').pop() ?? 'failed';
          continue;
        }
        t.times.push(m.wall);
        if (m.peakMB !== null) t.peaks.push(m.peakMB);
      }
    }
    log(`article: ${results.map((t) => `${t.name} ${t.times[0]?.toFixed(2)} s`).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results };
}
