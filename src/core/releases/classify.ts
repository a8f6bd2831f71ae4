import type { ItemKind } from './types';
import { findSecurityIds } from './text';

/**
 * Classifies one release-note item. Release notes have no machine-readable kinds, so this is a
 * set of keyword heuristics, checked in priority order (the first that matches wins):
 *
 * 1. security — the text names a CVE/GHSA id, or speaks of a vulnerability, security advisory,
 *    or remediation ("Bump Runc + Containerd + Docker for CVE fixes", ":::warning IMPORTANT This
 *    release includes support for remediating CVE-2023-32187"), or describes a security fix in words
 *    without an id (SECURITY_WORDING below: "Reject anonymous access to supervisor router", privilege
 *    escalation, authentication/authorization bypass, TLS/certificate verification skipped or now
 *    enforced, credentials leaked or redacted, attack classes). A security fix is what an operator
 *    most needs to see, so it wins over everything else even when it also breaks something.
 * 2. deprecation/removal — "deprecat…", or a removal of something users configure: "remove(s|d)"
 *    or "drop(s|ped)" followed within a few words by flag, option, support, subcommand, API,
 *    feature gate, binary, field, CLI, plugin. A plain "Remove unused libvirt config" (internal
 *    clean-up) does not match: no user-facing noun. "Removed support for Ceph Pacific (v16)" and
 *    "This release removes the experimental `rotate-keys` subcommand" do. Removals are the breaking
 *    changes the planner can check for (removed APIs and flags), so they keep their own kind even
 *    inside a "Breaking Changes" section; the diff still lists them among that section's items.
 * 3. breaking — explicit markers ("Breaking Change", "ACTION REQUIRED", "incompatible"), an action
 *    required around the upgrade itself ("before upgrading", "prior to upgrading", "must be
 *    migrated", "minimum supported version of Kubernetes"), or a behaviour that stops happening
 *    ("no longer includes/enables/deploys/accepts/supports…"). A context hint (Rook "Breaking
 *    Changes" section, Kubernetes urgent notes) or a title such as "Upgrade Warning" also makes an
 *    item breaking.
 * 4. known-issue — "known issue", "is affected by", "regression" (not "fixed … regression"),
 *    or a note titled as a warning/regression ("Critical Regression", "⚠️ WARNING").
 * 5. other — everything else (features, fixes, version bumps).
 *
 * Exclusions, each from a false positive seen in the fixtures:
 * - "deprecated" describing code being replaced ("Replace deprecated ioutil package", "Transition from
 *   deprecated pointer library to ptr", "Remove deprecated use of wait. functions") is a refactoring.
 * - "Remove experimental from embedded-registry flag" promotes a flag; it removes nothing.
 * - CI chores about the CVE scanner without an id ("Give good report if no CVEs found in trivy") are
 *   not security fixes; with an id ("Remediating CVEs found by trivy; CVE-2023-45142…") they are.
 * - "avoid known issue 13527" (pinning a CI tool) is not a known issue of the release.
 * - Security words alone are not a security fix: "Fix authorization-config/authentication-config
 *   handling", "Fix bug that caused agents to bypass local loadbalancer", "Cleanup anonymous and named
 *   volumes", "Bump helm-controller for skip-verify/plain-http", "address a potential memory leak",
 *   "the system:masters … Group that can bypass RBAC" (a Kubernetes urgent note) stay what they were:
 *   each wording below needs the phrase that makes it a fix (a restricting verb before "anonymous
 *   access", "bypass" next to authentication/authorization, a secret-like noun next to "leak").
 *
 * The heuristics are tested on real lines from the fixtures in test/unit/releases/classify.test.ts.
 */
export function classifyItem(text: string, hint: { title?: string; context?: 'breaking' | 'urgent' } = {}): ItemKind {
  const t = text;
  if (isSecurity(t)) return 'security';
  if (isDeprecation(t)) return 'deprecation';
  if (hint.context === 'breaking' || hint.context === 'urgent') return 'breaking';
  if (isBreaking(t) || (hint.title !== undefined && /breaking|upgrade warning/i.test(hint.title))) return 'breaking';
  if (isKnownIssue(t) || (hint.title !== undefined && /regression|warning|known issue/i.test(hint.title))) return 'known-issue';
  return 'other';
}

function isSecurity(t: string): boolean {
  if (findSecurityIds(t).length > 0) return true;
  if (/\btrivy\b|\bscanner\b|\bscan(?:ning)?\b/i.test(t)) return false;
  return /\bCVEs?\b/i.test(t)
    || /\bvulnerabilit(?:y|ies)\b|\bsecurity (?:advisory|advisories|fix|fixes|issue|issues|patch|update)\b|\bremediat(?:e|es|ed|ing|ion)\b/i.test(t)
    || SECURITY_WORDING.some((re) => re.test(t));
}

const SECRET_NOUN = '(?:credentials?|passwords?|(?:bearer |bootstrap |join |service ?account |api |auth |access )?tokens?|secrets?(?![- ]?encrypt)|private keys?|client keys?|sensitive (?:data|information|values?|fields?))';
/**
 * Security fixes described in words, without an id. Every pattern is a phrase (bounded gaps only,
 * each starting at a distinctive word), so each runs in linear time.
 */
const SECURITY_WORDING: readonly RegExp[] = [
  // "Reject anonymous access to supervisor router", "Restrict unauthenticated requests to …"
  /\b(?:reject|rejects|rejected|rejecting|deny|denies|denied|disallow\w*|restrict\w*|block\w*|prevent\w*|forbid\w*|disable\w*|fix\w*|no longer (?:allow|permit|accept)s?)\b(?: [\w/.-]+){0,3}? (?:anonymous|unauthenticated|unauthori[sz]ed) (?:access|requests?|users?|clients?|connections?|calls?)\b/i,
  /\bprivilege escalation\b|\bescalat(?:e|es|ed|ing|ion of) (?:\w+ )?privileges?\b|\belevation of privileges?\b/i,
  /\b(?:authentication|authorization|authn|authz|auth|rbac) bypass\b|\bbypass(?:es|ed|ing)? (?:the )?(?:authentication|authorization|auth)\b/i,
  // "skip TLS verification", "without verifying the server certificate", "now verifies the serving certificate"
  /\b(?:skip\w*|disabl\w*|bypass\w*|ignor\w*|missing|without|lack of) (?:the )?(?:tls|ssl|certificate|cert|hostname|server|peer)(?: certificate)? (?:verification|validation|checks?)\b/i,
  /\bwithout (?:verifying|validating|checking) (?:the )?(?:tls |ssl |server |peer |serving |client )?(?:certificates?|certs?|hostname)\b/i,
  /\b(?:now|properly|correctly|always) (?:verif(?:y|ies)|validates?) (?:the )?(?:tls |ssl |server |peer |serving |client )?(?:certificates?|certs?|hostname)\b/i,
  // "credentials leaked in logs", "leak of bootstrap token", "redact passwords from …"
  new RegExp(`\\b(?:leak\\w*|disclos\\w*|exposure of|expos(?:e|es|ed|ing) (?:the )?(?:user's |users' )?)(?: \\w+){0,2}? ?${SECRET_NOUN}\\b`, 'i'),
  new RegExp(`\\b${SECRET_NOUN}(?: \\w+){0,3}? (?:leak\\w*|disclosed|(?:were |was |are |is )?(?:logged|printed|written) (?:to|in) (?:the )?(?:logs?|output|events?))\\b`, 'i'),
  new RegExp(`\\b(?:redact\\w*|mask\\w*|scrub\\w*|sanitiz\\w*)(?: \\w+){0,2}? ${SECRET_NOUN}\\b`, 'i'),
  // "no longer logs the bootstrap token", "stop printing credentials"
  new RegExp(`\\b(?:no longer|stops?|stopped|do not|does not|never) (?:log|logs|logging|print|prints|printing|expose|exposes|exposing|leak|leaks|leaking)(?: \\w+){0,2}? ${SECRET_NOUN}\\b`, 'i'),
  /\bdenial[- ]of[- ]service\b|\b(?:path|directory) traversal\b|\b(?:remote|arbitrary) (?:code|command) execution\b|\b(?:container|sandbox) (?:escape|breakout)\b/i,
  /\b(?:command|code|sql|shell|header|template|ldap) injection\b|\bserver-side request forgery\b|\bcross-site (?:scripting|request forgery)\b|\b(?:an )?attackers?\b|\bmalicious (?:users?|actors?|clients?|pods?|workloads?|requests?|images?)\b/i,
];

const REMOVED_THING = '(?:flags?|options?|support|subcommands?|commands?|apis?|feature gates?|feature|binar(?:y|ies)|fields?|cli|parameters?|settings?|admission plugin|plugin)';
/** A removal verb, up to five words (not crossing punctuation), then a user-facing noun. */
const REMOVAL_RE = new RegExp(`\\b(?:remov(?:e|es|ed|al of)|drops?|dropped)\\b(?:[\\s\`'"]+[\\w./=-]+){0,5}?[\\s\`'"]+${REMOVED_THING}\\b`, 'i');

/** "Kubelet flag `--keep-terminated-pod-volumes` was removed", "The Rook operator config `X` was removed". */
const PASSIVE_REMOVAL_RE = new RegExp(`(?:\`--?[\\w-]+\`|\\b(?:${REMOVED_THING}|config)\\b)[^.]{0,60}?\\b(?:was|were|is|are|been) removed\\b`, 'i');
const CODE_DEPRECATION_RE = /\bdeprecated (?:[\w`.-]+ ){0,2}?(?:package|library|function|functions|module|method|methods|calls?|use of|ruby|go|golang)\b/i;

function isDeprecation(t: string): boolean {
  if (/\bremov\w*\s+(?:the\s+)?["`']?experimental["`']?\s+(?:from|label|tag|status)\b/i.test(t)) return false;
  if (/\bdeprecat(?:e|es|ed|ing|ion)\b/i.test(t) && !CODE_DEPRECATION_RE.test(t)) return true;
  if (PASSIVE_REMOVAL_RE.test(t)) return true;
  return REMOVAL_RE.test(t) || /\bend of life\b/i.test(t);
}

function isBreaking(t: string): boolean {
  return /\bbreaking changes?\b|\baction required\b|\bincompatib(?:le|ility)\b|\bnot backwards?[- ]compatible\b/i.test(t)
    || /\b(?:before|prior to) upgrading\b|\bmust be migrated\b|\bmanual (?:migration|intervention|steps?)\b/i.test(t)
    || /\bminimum (?:supported )?(?:version of )?(?:kubernetes|k8s)\b/i.test(t)
    || (/\bbreaks\b/i.test(t) && !/^\s*fix/i.test(t))
    || /\bno longer (?:includes?|enables?|deploys?|accepts?|supports?|ships?|installs?|bundles?|allows?)\b/i.test(t);
}

const FIX_WORD = /\b(?:fix(?:es|ed)?|resolv(?:e|es|ed)|address(?:es|ed)?)\b/i;
const REGRESSION_WORD = /\bregression\b/i;

/**
 * "Fixed a regression", "addresses … regression": a fix word, then "regression" later in the same
 * sentence. Sentence by sentence, so it is linear; `/fix\b[^.]*\bregression/` rescanned the rest of
 * the sentence from every fix word (quadratic on "fix fix fix …").
 */
function fixesRegression(t: string): boolean {
  for (const sentence of t.split('.')) {
    const fix = FIX_WORD.exec(sentence);
    // The fix word ends at a word boundary, so `\b` at the start of the rest means what it meant in place.
    if (fix && REGRESSION_WORD.test(sentence.slice(fix.index + fix[0].length))) return true;
  }
  return false;
}

function isKnownIssue(t: string): boolean {
  if (fixesRegression(t)) return false;
  if (/\bavoid (?:a |the )?known issue/i.test(t)) return false;
  return /\bknown issues?\b|\bis affected by\b|\bregression\b/i.test(t);
}
