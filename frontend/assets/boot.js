// Starts the Yew app. A file of its own because the Content-Security-Policy forbids inline scripts.
// Three bundles, each with the pages of one part of the work: the units' workspace (and the
// login of anyone without a session), the leaders' dashboard and the evaluation, and the
// office's, which has every page. The address picks the bundle, then the stored session's
// role: the same rule as `BundleKind::for_load` in src/bundle.rs (keep the two in step).
const BUNDLES = {
  unit: ['/duban.js', '/duban_bg.wasm'],
  overview: ['/duban_overview.js', '/duban_overview_bg.wasm'],
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

function bundleFor(path, role) {
  if (role === 'admin') return 'office';
  if (/^\/(todo|my-items|items\/[0-9]+\/reports\/[^/]+)\/?$/.test(path)) return 'unit';
  if (/^\/(dashboard|items|evaluation|evaluations)\/?$/.test(path)) return 'overview';
  return role === 'leader' || role === 'deputy' ? 'overview' : 'unit';
}

const [script, wasm] = BUNDLES[bundleFor(location.pathname, storedRole())];

import(script)
  .then((app) => app.default({ module_or_path: wasm }))
  .catch((err) => {
    console.error(err);
    const root = document.getElementById('app');
    if (root) {
      const p = document.createElement('p');
      p.className = 'boot-message boot-failed';
      p.setAttribute('role', 'alert');
      p.textContent = '页面加载失败，请刷新重试。如果问题持续，请使用较新版本的浏览器。';
      root.replaceChildren(p);
    }
  });
