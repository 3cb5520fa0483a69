/** A searchable piece of an article: one section (or part of a long one), with what a citation needs. */
export interface Passage {
  /** `<article id>#<n>`, unique within the tenant's index. */
  readonly id: string;
  readonly articleId: string;
  readonly sourceId: string;
  readonly title: string;
  /** The section heading, or the article title for text before the first heading. */
  readonly heading: string;
  readonly text: string;
}
