// Headers for every page (the Next.js app): a Content-Security-Policy that allows what the pages really use and no
// more, and no framing by other sites (clickjacking the checkout or the studio's camera). Next.js hydrates with
// inline scripts, so script-src keeps 'unsafe-inline'; external script origins are still refused.
export interface PageSecurityOptions {
  /** Stripe.js (js.stripe.com, its frames and API) is allowed only where Stripe is configured. */
  stripe: boolean;
  /** `next dev` evaluates code for fast refresh. */
  dev: boolean;
}

export function pageSecurityHeaders({ stripe, dev }: PageSecurityOptions): Record<string, string> {
  const stripeScripts = stripe ? ['https://js.stripe.com', 'https://*.js.stripe.com'] : [];
  const policy: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : []), ...stripeScripts],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...(stripe ? ['https://*.stripe.com'] : [])],
    // hls.js plays through MediaSource (blob:); a brand's video balloon may point at any https host.
    'media-src': ["'self'", 'blob:', 'https:'],
    // 'self' covers the same-origin Socket.IO websocket (CSP Level 3 matches ws: and wss: of this host).
    'connect-src': ["'self'", ...(stripe ? ['https://api.stripe.com', 'https://m.stripe.network'] : [])],
    // hls.js runs its transmuxer in a blob: worker; push runs in /push-sw.js.
    'worker-src': ["'self'", 'blob:'],
    'frame-src': stripe ? [...stripeScripts, 'https://hooks.stripe.com'] : ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return {
    'content-security-policy': Object.entries(policy)
      .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
      .join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // The studio needs the camera and microphone of this site; the booking page the position ("Use my location",
    // to find the nearest boutique); no other site's frame gets any of them.
    'permissions-policy': 'camera=(self), microphone=(self), geolocation=(self)',
  };
}
