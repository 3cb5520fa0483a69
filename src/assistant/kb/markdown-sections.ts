import type { ArticleSection } from './article-section.js';

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * Splits Markdown into sections at ATX headings (`#` … `######`) and reduces each to plain text,
 * one line per paragraph, list item or table row (wrapped lines are joined): links and images
 * keep their text, emphasis and code marks go, bullet and quote markers go, and fenced code is
 * kept as text. Numbered steps keep their numbers.
 */
export function markdownSections(markdown: string): ArticleSection[] {
  const sections: ArticleSection[] = [];
  let heading: string | null = null;
  let lines: string[] = [];
  let paragraphEnded = true;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ heading, text });
    lines = [];
    paragraphEnded = true;
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) continue;
    const match = HEADING.exec(raw);
    if (match) {
      flush();
      heading = inlineText(match[2] ?? '') || null;
      continue;
    }
    const line = inlineText(raw.replace(/^\s*>\s?/, '').replace(/^\s*[-*+]\s+/, '').replace(/^\s*\|/, '').replace(/\|\s*$/, ''));
    if (line === '' || /^[-=|:\s]+$/.test(line)) {
      paragraphEnded = true;
      continue;
    }
    const startsItem = /^\s*([-*+]|\d{1,2}[.)])\s+|^\s*\|/.test(raw);
    if (paragraphEnded || startsItem || lines.length === 0) lines.push(line);
    else lines[lines.length - 1] = `${lines[lines.length - 1]} ${line}`;
    paragraphEnded = false;
  }
  flush();
  return sections;
}

/** Markdown inline syntax reduced to its text. */
export function inlineText(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`+/g, '')
    .replace(/\s+\|\s+/g, ' | ')
    .trim();
}
