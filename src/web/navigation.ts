/**
 * The service navigation: one section per audience, each shown to the callers who may use it (src/http/caller.ts):
 * operators' pages to administrators, the account pages to people signed in, "Sign in" to everyone else. The
 * commissioners' market view reads only public data, so it is listed for everyone.
 */
import { isAdmin, isSignedIn, type Caller } from '../http/caller.ts';

export type Audience = 'bid-manager' | 'commissioner' | 'operator' | 'developer' | 'account';

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
  { audience: 'operator', text: 'Refresh runs', href: '/operators/refresh-runs', activeFor: ['/operators/refresh-runs'], visible: isAdmin },
  { audience: 'operator', text: 'Claims', href: '/operators/claims', activeFor: ['/operators/claims'], visible: isAdmin },
  { audience: 'operator', text: 'Audit log', href: '/operators/audit', activeFor: ['/operators/audit'], visible: isAdmin },
  { audience: 'developer', text: 'API', href: '/docs', activeFor: ['/docs'], visible: everyone },
  { audience: 'account', text: 'Your account', href: '/account', activeFor: ['/account'], visible: isSignedIn },
  { audience: 'account', text: 'Sign in', href: '/sign-in', activeFor: ['/sign-in', '/register'], visible: (c) => !isSignedIn(c) },
];

export function navigationFor(caller: Caller, path: string): { href: string; text: string; active: boolean }[] {
  return SECTIONS.filter((s) => s.visible(caller)).map((s) => ({
    href: s.href,
    text: s.text,
    active: s.activeFor.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)),
  }));
}
