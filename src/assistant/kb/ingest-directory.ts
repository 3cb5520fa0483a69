import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { findKbArticleBySource } from '../store/kb-articles.js';
import { articleTitle } from './article-title.js';
import type { KbFormat } from './kb-article.js';
import type { KbDeps } from './kb-deps.js';
import { createKbArticle, updateKbArticleContent } from './save-kb-article.js';

const FORMATS: Readonly<Record<string, KbFormat>> = { '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.txt': 'text' };

/** What an ingest did, by source id (file name). */
export interface IngestReport {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly skipped: readonly string[];
}

/**
 * Ingests every `.md`, `.markdown`, `.html`, `.htm` and `.txt` file directly in `dir` (sorted by
 * name) into the tenant's knowledge base. The file name is the article's source id: a file whose
 * name is already there updates that article, otherwise a new one is created. Other files are
 * skipped. Each write is authorised and audited like the API's.
 */
export async function ingestDirectory(deps: KbDeps, principal: Principal, context: RequestContext, tenantId: string, dir: string): Promise<IngestReport> {
  const created: string[] = [];
  const updated: string[] = [];
  const skipped: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
  for (const name of entries) {
    const format = FORMATS[extname(name).toLowerCase()];
    if (!format) {
      skipped.push(name);
      continue;
    }
    const body = await readFile(join(dir, name), 'utf8');
    const input = { title: articleTitle(format, body, name), format, body };
    const existing = await findKbArticleBySource(deps.db, tenantId, name);
    if (existing) {
      await updateKbArticleContent(deps, principal, context, tenantId, existing.id, input);
      updated.push(name);
    } else {
      await createKbArticle(deps, principal, context, tenantId, { ...input, sourceId: name });
      created.push(name);
    }
  }
  return { created, updated, skipped };
}
