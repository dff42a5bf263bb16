/**
 * The service navigation: one section per audience. A section is listed once its pages exist, and `visible` is where
 * roles will decide who sees what once callers sign in (src/http/caller.ts); today every caller is anonymous and sees
 * every built section.
 */
import type { Caller } from '../http/caller.ts';

export type Audience = 'bid-manager' | 'commissioner' | 'operator' | 'developer';

interface Section {
  audience: Audience;
  text: string;
  href: string;
  /** path prefixes that make the entry current */
  activeFor: readonly string[];
  visible(caller: Caller): boolean;
}

const everyone = () => true;

const SECTIONS: readonly Section[] = [
  { audience: 'bid-manager', text: 'Find partners', href: '/organisations', activeFor: ['/organisations'], visible: everyone },
  { audience: 'commissioner', text: 'Market view', href: '/market', activeFor: ['/market'], visible: everyone },
  { audience: 'operator', text: 'Refresh runs', href: '/operators/refresh-runs', activeFor: ['/operators'], visible: everyone },
  { audience: 'developer', text: 'API', href: '/docs', activeFor: ['/docs'], visible: everyone },
];

export function navigationFor(caller: Caller, path: string): { href: string; text: string; active: boolean }[] {
  return SECTIONS.filter((s) => s.visible(caller)).map((s) => ({
    href: s.href,
    text: s.text,
    active: s.activeFor.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)),
  }));
}
