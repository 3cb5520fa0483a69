import { articleSections } from './article-sections.js';
import type { KbArticle } from './kb-article.js';
import type { Passage } from './passage.js';

/** A section longer than this is cut at line boundaries into several passages. */
export const MAX_PASSAGE_CHARS = 1_200;

/** Cuts an article into passages along its headings, keeping its id, source id and title for citations. */
export function chunkArticle(article: KbArticle): Passage[] {
  const passages: Passage[] = [];
  for (const section of articleSections(article.format, article.body)) {
    for (const text of splitLong(section.text)) {
      passages.push({
        id: `${article.id}#${passages.length}`,
        articleId: article.id,
        sourceId: article.sourceId,
        title: article.title,
        heading: section.heading ?? article.title,
        text,
      });
    }
  }
  return passages;
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_PASSAGE_CHARS) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current && current.length + line.length + 1 > MAX_PASSAGE_CHARS) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) parts.push(current);
  return parts;
}
