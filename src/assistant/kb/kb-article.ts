import type { Binding } from '../../crypto/index.js';

/** The formats an article body may be written in. */
export const KB_FORMATS = ['markdown', 'html', 'text'] as const;
export type KbFormat = (typeof KB_FORMATS)[number];

/** A knowledge-base article as the assistant reads it, decrypted (in memory only). */
export interface KbArticle {
  readonly id: string;
  readonly tenantId: string;
  /** The file name when ingested from a directory, else the article id; unique per tenant. */
  readonly sourceId: string;
  readonly title: string;
  readonly format: KbFormat;
  readonly body: string;
}

/** Where an article's sealed title or body lives; the binding is authenticated with the ciphertext. */
export const kbArticleBinding = (tenant: string, articleId: string, column: 'title' | 'body'): Binding => ({
  tenant,
  table: 'kb_articles',
  column,
  row: articleId,
});
