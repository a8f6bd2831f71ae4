import { randomBytes } from 'node:crypto';

/** A fresh nonce per render: 128 bits from the OS generator, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The page's Content-Security-Policy: nothing by default; the one bundled script by its nonce;
 * styles, images and fonts only from the extension's own files (`webview.cspSource`). No inline
 * script or style, no network access (`connect-src` stays 'none').
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('a nonce is base64');
  // webview.cspSource is one or more sources (`https://*.vscode-cdn.net`, sometimes with `'self'`): never a directive.
  if (/[;,\r\n]/.test(cspSource) || !cspSource.trim()) throw new Error('a CSP source list cannot hold a directive');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
