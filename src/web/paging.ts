/**
 * GOV.UK pagination for a list of `total` items shown `limit` at a time: previous/next links and the page numbers
 * around the current one, with ellipses. undefined when everything fits on one page.
 */
export function pagination(baseHref: string, page: number, limit: number, total: number) {
  const pages = Math.ceil(total / limit);
  if (pages <= 1) return undefined;
  const href = (n: number) => `${baseHref}${baseHref.includes('?') ? '&' : '?'}page=${n}`;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    items,
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
  };
}
