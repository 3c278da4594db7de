// The built page must render offline and on an intranet: no script, style, font or image may come
// from another origin when it is viewed. Redoc inlines itself with --inlineBundle, but its
// "API docs by Redocly" badge still points an <img> at a CDN; it is swapped for a local image.

/**
 * What the page may load, enforced by the browser itself: same origin and inline code only.
 * Redoc runs its search index in a blob: worker and renders a few data: images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Redoc's badge images on its CDN (the full wordmark and the collapsed-sidebar mark). */
const BADGE_IMAGES = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];

/** @param {string} svg */
function svgDataUri(svg) {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** A text wordmark that keeps the attribution without a network request. */
const LOCAL_BADGE = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="58" height="16" viewBox="0 0 58 16">' +
    '<text x="0" y="12.5" font-family="system-ui, sans-serif" font-size="12" font-weight="600" fill="#6e6f7a">Redocly</text></svg>',
);

/** The site's icon, inline so that the browser does not ask the host for /favicon.ico. */
export const FAVICON = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0f7d6c"/>' +
    '<path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

/**
 * Points Redoc's badge at a local data: image instead of the CDN.
 * @param {string} html
 * @returns {string}
 */
export function replaceRemoteBadge(html) {
  return BADGE_IMAGES.reduce((page, url) => page.replaceAll(url, LOCAL_BADGE), html);
}

/** Absolute URLs of files a page would fetch: images, fonts, styles and scripts. */
const REMOTE_ASSET =
  /https?:\/\/[^\s"'`()<>\\]+?\.(?:svg|png|jpe?g|gif|webp|ico|woff2?|ttf|otf|eot|css|js|mjs)(?=[\s"'`()<>\\?#]|$)/g;

/**
 * Every reference in the page to an asset on another origin, as a build-time check; the browser
 * test and the Content-Security-Policy catch anything built at run time.
 * @param {string} html
 * @returns {string[]}
 */
export function remoteResources(html) {
  const found = new Set(html.match(REMOTE_ASSET) ?? []);
  for (const match of html.matchAll(
    /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi,
  )) {
    found.add(match[0]);
  }
  return [...found];
}
