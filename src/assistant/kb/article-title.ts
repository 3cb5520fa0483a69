import { basename, extname } from 'node:path';
import type { KbFormat } from './kb-article.js';
import { inlineText } from './markdown-sections.js';

/**
 * The title of an ingested file: Markdown's first `#` heading, HTML's `<title>` or first `<h1>`,
 * a text file's first line; else the file name without its extension. At most 200 characters.
 */
export function articleTitle(format: KbFormat, body: string, fileName: string): string {
  const found = (() => {
    switch (format) {
      case 'markdown':
        return /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1] ?? '';
      case 'html':
        return /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(body)?.[1] ?? /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(body)?.[1] ?? '';
      case 'text':
        return body.trim().split('\n')[0] ?? '';
    }
  })();
  const title = inlineText(found).replace(/\s+/g, ' ').trim();
  return (title || basename(fileName, extname(fileName))).slice(0, 200);
}
