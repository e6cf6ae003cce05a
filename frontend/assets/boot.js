// Starts the Yew app. A file of its own because the Content-Security-Policy forbids inline scripts.
// Units, leaders and deputies get the app without the office's screens; a stored 督查室 (admin)
// session gets the office's bundle. The app reloads into it when the office logs in.
function officeSession() {
  try {
    const session = JSON.parse(localStorage.getItem('duban.session'));
    return session.user.role === 'admin' && session.expires_at > Date.now();
  } catch (_) {
    return false;
  }
}

const [script, wasm] = officeSession()
  ? ['/duban_office.js', '/duban_office_bg.wasm']
  : ['/duban.js', '/duban_bg.wasm'];

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
