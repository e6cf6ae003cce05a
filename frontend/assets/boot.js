// Starts the Yew app. A file of its own because the Content-Security-Policy forbids inline scripts.
import init from '/duban.js';

init({ module_or_path: '/duban_bg.wasm' }).catch((err) => {
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
