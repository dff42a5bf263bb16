import { createHash } from 'node:crypto';

/**
 * A stable id for a record that has no identifier of its own: the prefix and a hash of its normalised
 * name, so the same organisation or tender submitted twice gets the same id (and is updated, not copied).
 */
export function generatedId(prefix: string, name: string): string {
  const normalised = name.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${prefix}-${createHash('sha256').update(normalised).digest('hex').slice(0, 12).toUpperCase()}`;
}
