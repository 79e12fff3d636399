// electron-builder configuration, passed with `electron-builder -c electron.config.ts`.
// NB: the desktop-app issue adds the packaging check; until then this only names the targets.
const config = {
  appId: 'dev.oxbow.app',
  productName: 'Oxbow',
  directories: { output: 'release' },
  files: ['dist/**/*', 'package.json', '!dist/test/**'],
  npmRebuild: false,
  linux: { target: ['AppImage', 'deb'], category: 'Development' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
  win: { target: ['nsis'] },
};

export default config;
