// Multi-label public suffixes that matter for the markets PayDesk serves, after the Public Suffix List
// (https://publicsuffix.org/list/). Any other host's suffix is its last label. Kept small and built in:
// the detector runs without network access and a missing entry only shifts which rule fires.

export const MULTI_LABEL_SUFFIXES: ReadonlySet<string> = new Set([
  // China, Hong Kong, Macao, Taiwan
  "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
  "com.hk", "net.hk", "org.hk", "edu.hk", "gov.hk",
  "com.mo", "net.mo", "org.mo",
  "com.tw", "net.tw", "org.tw", "edu.tw",
  // Elsewhere in Asia-Pacific
  "com.sg", "com.my", "com.ph", "com.vn", "co.id", "co.th", "in.th", "co.jp", "ne.jp", "or.jp",
  "co.kr", "or.kr", "co.in", "com.au", "net.au", "org.au", "co.nz",
  // Europe, Americas, Africa
  "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "com.br", "com.mx", "com.ar", "co.za", "com.ng", "com.tr",
  // Hosting platforms where anyone can take a name (PSL private section): okpay.github.io is not okpay's
  "github.io", "gitlab.io", "pages.dev", "workers.dev", "vercel.app", "netlify.app", "web.app",
  "firebaseapp.com", "appspot.com", "herokuapp.com", "azurewebsites.net", "blogspot.com",
  "cloudfront.net", "ngrok.io", "ngrok-free.app", "glitch.me", "repl.co",
]);
