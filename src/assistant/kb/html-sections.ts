import type { ArticleSection } from './article-section.js';

const HEADING = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Splits HTML into sections at `<h1>`…`<h6>` and extracts plain text. The text is only ever
 * indexed and quoted as text, never rendered as HTML, so extraction need not be a sanitiser: it
 * drops `<script>`, `<style>`, `<template>` and comments with their content, turns block ends into
 * line breaks, removes every other tag and decodes entities once (so `&amp;lt;` stays `&lt;`).
 */
export function htmlSections(html: string): ArticleSection[] {
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '');
  const sections: ArticleSection[] = [];
  let heading: string | null = null;
  let from = 0;
  const push = (fragment: string) => {
    const text = htmlText(fragment);
    if (text) sections.push({ heading, text });
  };
  for (const match of cleaned.matchAll(HEADING)) {
    push(cleaned.slice(from, match.index));
    heading = htmlText(match[2] ?? '').replace(/\s+/g, ' ') || null;
    from = match.index + match[0].length;
  }
  push(cleaned.slice(from));
  return sections;
}

/** The text of an HTML fragment: block boundaries become line breaks, tags go, entities are decoded. */
function htmlText(fragment: string): string {
  const text = fragment
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|li|ul|ol|tr|table|section|article|blockquote|pre|h[1-6])\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity(name) ?? entity);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function decodeEntity(name: string): string | undefined {
  if (name[0] !== '#') return ENTITIES[name.toLowerCase()];
  const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
