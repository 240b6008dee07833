/**
 * A day's list shows what curators featured first (Hugging Face's daily list leads with its
 * editor's picks), each group keeping the order it had, so "trending" and "newest" still
 * order the papers within each group.
 */
export function orderFeaturedFirst<T>(items: readonly T[], isFeatured: (item: T) => boolean): T[] {
  return [...items.filter(isFeatured), ...items.filter((item) => !isFeatured(item))];
}
