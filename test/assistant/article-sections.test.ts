import { describe, expect, it } from 'vitest';
import { chunkArticle, type KbFormat } from '../../src/assistant/index.js';

const article = (format: KbFormat, body: string) => ({ id: 'kba_x', tenantId: 'ten_x', sourceId: 'x.md', title: 'Title', format, body });

describe('chunking articles along headings', () => {
  it('cuts Markdown at headings and drops the markup, keeping ids and titles for citations', () => {
    const passages = chunkArticle(article('markdown', '# Title\n\nIntro with a [link](https://x.test) and **bold**.\n\n## Steps\n\n1. Open `Settings`.\n- Item\n\n```\ncode\n```\n'));
    expect(passages).toEqual([
      { id: 'kba_x#0', articleId: 'kba_x', sourceId: 'x.md', title: 'Title', heading: 'Title', text: 'Intro with a link and bold.' },
      { id: 'kba_x#1', articleId: 'kba_x', sourceId: 'x.md', title: 'Title', heading: 'Steps', text: '1. Open Settings.\nItem\ncode' },
    ]);
  });

  it('extracts HTML text: scripts, styles and comments go with their content, entities are decoded once', () => {
    const passages = chunkArticle(
      article('html', '<style>p{}</style><h1>Title</h1><p>A &amp; B &amp;lt; C</p><!-- hidden --><script>alert("x")</script><h2>Next</h2><ul><li>One</li><li>Two<br>Three</li></ul>'),
    );
    expect(passages.map((passage) => [passage.heading, passage.text])).toEqual([
      ['Title', 'A & B &lt; C'],
      ['Next', 'One\nTwo\nThree'],
    ]);
  });

  it('takes a plain-text first line that reads like a title as the heading', () => {
    expect(chunkArticle(article('text', 'Trash\nItems stay 30 days.\n')).map((passage) => [passage.heading, passage.text])).toEqual([['Trash', 'Items stay 30 days.']]);
    expect(chunkArticle(article('text', 'Items stay 30 days.')).map((passage) => passage.heading)).toEqual(['Title']);
  });

  it('splits a long section into several passages at line boundaries', () => {
    const body = Array.from({ length: 60 }, (_, line) => `Line ${line} says something useful about the product.`).join('\n');
    const passages = chunkArticle(article('text', body));
    expect(passages.length).toBeGreaterThan(1);
    expect(passages.every((passage) => passage.text.length <= 1_200)).toBe(true);
    expect(passages.map((passage) => passage.text).join('\n')).toBe(body);
  });
});
