/** Small wording helpers so every reason reads the same way. */

export function gbp(amount: number): string {
  if (amount >= 1e9) return `£${(amount / 1e9).toFixed(1)}bn`;
  if (amount >= 1e6) return `£${(amount / 1e6).toFixed(1)}m`;
  if (amount >= 1e3) return `£${Math.round(amount / 1e3)}k`;
  return `£${Math.round(amount)}`;
}

/** "a", "a and b", "a, b and c", "a, b, c and 2 more" */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
