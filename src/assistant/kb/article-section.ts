/** A run of an article's text under one heading (null before the first heading). */
export interface ArticleSection {
  readonly heading: string | null;
  /** Plain text: one line per paragraph, list item or step; no markup. */
  readonly text: string;
}
