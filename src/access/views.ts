/**
 * The three views of a conversation, from least to most: `masked` (metadata only), `redacted`
 * (content with personal data replaced by typed tokens) and `full`.
 */
export const VIEWS = ['masked', 'redacted', 'full'] as const;
export type View = (typeof VIEWS)[number];

/** The views a grant can give: content views. */
export type ContentView = Exclude<View, 'masked'>;

/** Orders views: the larger the number, the more the view shows. */
export function viewRank(view: View): number {
  return VIEWS.indexOf(view);
}

/** The lesser of two views. */
export function lesserView(a: View, b: View): View {
  return viewRank(a) <= viewRank(b) ? a : b;
}
