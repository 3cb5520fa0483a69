import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../kb/passage.js';
import { TenantIndex } from './tenant-index.js';

const WORDS = ['relay', 'pair', 'export', 'report', 'invoice', 'password', 'reset', 'firmware', 'battery', 'sensor', 'account', 'csv'];

const passagesOf = (articleId: string, texts: readonly string[]): Passage[] =>
  texts.map((text, n) => ({ id: `${articleId}#${n}`, articleId, sourceId: `${articleId}.md`, title: `Article ${articleId}`, heading: 'Section', text }));

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
/** One change: article `a0`…`a4` now has these sections (none: deleted). */
const change = fc.record({ article: fc.constantFrom('a0', 'a1', 'a2', 'a3', 'a4'), sections: fc.array(text, { maxLength: 3 }) });

describe('TenantIndex.replaceArticle', () => {
  it('leaves the index finding exactly what a fresh build of the final articles finds', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 25 }), fc.constantFrom(...WORDS), (changes, query) => {
        const index = new TenantIndex('ten_a', []);
        const final = new Map<string, Passage[]>();
        for (const { article, sections } of changes) {
          const passages = passagesOf(article, sections);
          index.replaceArticle(article, passages);
          final.set(article, passages);
        }
        const fresh = new TenantIndex('ten_a', [...final.values()].flat());
        const found = (of: TenantIndex) => of.search(query, 1000).map((hit) => hit.passage.id).sort();
        expect(found(index)).toEqual(found(fresh));
        expect(index.size).toBe(fresh.size);
        for (const word of WORDS) expect(index.termWeight(word)).toBeCloseTo(fresh.termWeight(word), 12);
      }),
    );
  });

  it('forgets a deleted article at once', () => {
    const index = new TenantIndex('ten_a', passagesOf('a1', ['pair the relay']));
    index.replaceArticle('a2', passagesOf('a2', ['export a csv report']));
    expect(index.search('csv', 5).map((hit) => hit.passage.articleId)).toEqual(['a2']);
    index.replaceArticle('a2', []);
    expect(index.search('csv', 5)).toEqual([]);
    expect(index.search('relay', 5).map((hit) => hit.passage.articleId)).toEqual(['a1']);
  });

  it('embeds only new passages after an update, and never keeps a vector of replaced text', async () => {
    const index = new TenantIndex('ten_a', passagesOf('a1', ['pair the relay', 'reset the sensor']));
    const embedded: string[] = [];
    const embedAll = async (passages: readonly Passage[]) => {
      embedded.push(...passages.map((passage) => passage.text));
      return passages.map((passage) => Float32Array.from([passage.text.length, 1]));
    };
    expect((await index.embedded('m', embedAll)).map((entry) => entry.passage.id)).toEqual(['a1#0', 'a1#1']);
    index.replaceArticle('a2', passagesOf('a2', ['export a report']));
    index.replaceArticle('a1', passagesOf('a1', ['pair the relay again']));
    const after = await index.embedded('m', embedAll);
    expect(embedded).toEqual(['pair the relay', 'reset the sensor', 'export a report', 'pair the relay again']);
    expect(after.map((entry) => [entry.passage.id, entry.vector[0]])).toEqual([
      ['a2#0', 'export a report'.length],
      ['a1#0', 'pair the relay again'.length],
    ]);
  });
});
