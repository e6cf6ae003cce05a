// Starts the Yew app. A file of its own because the Content-Security-Policy forbids inline scripts.
// Five bundles, each with the pages of one part of the work: the login, the units'
// workspace, the leaders' dashboard, the pages every role opens from there (an item, a
// plan, the messages, the briefings, the account, the evaluation), and the office's, which
// has every page. The stored session's role picks the bundle, then the address: the same
// rule as `BundleKind::for_load` in src/bundle.rs (keep the two in step).
const BUNDLES = {
  login: ['/duban_login.js', '/duban_login_bg.wasm'],
  unit: ['/duban.js', '/duban_bg.wasm'],
  overview: ['/duban_overview.js', '/duban_overview_bg.wasm'],
  common: ['/duban_common.js', '/duban_common_bg.wasm'],
  office: ['/duban_office.js', '/duban_office_bg.wasm'],
};

function storedRole() {
  try {
    const session = JSON.parse(localStorage.getItem('duban.session'));
    return session.expires_at > Date.now() ? session.user.role : null;
  } catch (_) {
    return null;
  }
}

const HOME_BUNDLE = { unit: 'unit', leader: 'overview', deputy: 'common' };

// Ids as the app's router reads them (a number, signed or not).
function bundleFor(path, role) {
  if (!role) return 'login';
  if (role === 'admin') return 'office';
  if (/^\/login\/?$/.test(path)) return 'login';
  if (/^\/(todo|my-items|items\/[+-]?[0-9]+\/reports\/[^/]+)\/?$/.test(path)) return 'unit';
  if (/^\/(dashboard|items)\/?$/.test(path)) return 'overview';
  if (
    /^\/(account\/password|messages|plans|plans\/[+-]?[0-9]+|items\/[+-]?[0-9]+|briefings|briefings\/[+-]?[0-9]+|evaluation|evaluations)\/?$/.test(
      path,
    )
  ) {
    return 'common';
  }
  // `/`, the office's pages and unknown addresses: the role's own first page's bundle.
  return HOME_BUNDLE[role] || 'common';
}

const bundle = bundleFor(location.pathname, storedRole());
const [script, wasm] = BUNDLES[bundle];

// The workspace and the dashboard lead on to the common bundle's screens (an item, a
// plan…): once the first screen is up and the browser is idle, its files are fetched into
// the browser's cache, so that the first move there does not wait for them.
const LEADS_ON = { unit: 'common', overview: 'common' };

function prefetchNext() {
  const next = BUNDLES[LEADS_ON[bundle]];
  if (!next) return;
  for (const href of next) {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = href;
    document.head.appendChild(link);
  }
}

function failed(err) {
  console.error(err);
  const root = document.getElementById('app');
  if (root) {
    const p = document.createElement('p');
    p.className = 'boot-message boot-failed';
    p.setAttribute('role', 'alert');
    p.textContent = '页面加载失败，请刷新重试。如果问题持续，请使用较新版本的浏览器。';
    root.replaceChildren(p);
  }
}

// Fetching ahead is a convenience: it is kept apart from the start (the second argument of
// `then`, not a `catch`), so that nothing in it can turn a running app into the failure.
function started() {
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 1000));
  later(() => {
    try {
      prefetchNext();
    } catch (_) {
      // The next screen then downloads its bundle when it is opened.
    }
  }, { timeout: 5000 });
}

import(script)
  .then((app) => app.default({ module_or_path: wasm }))
  .then(started, failed);
