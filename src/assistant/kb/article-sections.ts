import type { ArticleSection } from './article-section.js';
import { htmlSections } from './html-sections.js';
import type { KbFormat } from './kb-article.js';
import { markdownSections } from './markdown-sections.js';

/**
 * An article body as plain-text sections along its headings. Plain text is one section, whose
 * heading is its first line when that line reads like a title (short, no final punctuation).
 */
export function articleSections(format: KbFormat, body: string): ArticleSection[] {
  switch (format) {
    case 'markdown':
      return markdownSections(body);
    case 'html':
      return htmlSections(body);
    case 'text': {
      const lines = body
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      const first = lines[0] ?? '';
      const titled = lines.length > 1 && first.length <= 120 && !/[.!?:]$/.test(first);
      const text = (titled ? lines.slice(1) : lines).join('\n');
      return text ? [{ heading: titled ? first : null, text }] : [];
    }
  }
}
