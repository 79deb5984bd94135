// Stops at once, with one clear line, on a Node.js this project does not support: run before
// `npm ci`, `npm start` and `npm test` (package.json) and by the `lottery` command. Plain CommonJS
// with no newer syntax, so that an old Node can run it and say so.
'use strict';
var required = require('../package.json').engines.node.replace(/^>=\s*/, '');
var want = required.split('.').map(Number);
var have = process.versions.node.split('.').map(Number);
var older =
  have[0] !== want[0]
    ? have[0] < want[0]
    : have[1] !== want[1]
      ? have[1] < want[1]
      : have[2] < (want[2] || 0);
if (older) {
  process.stderr.write(
    'Node ' +
      required +
      ' or newer is required; this is ' +
      process.versions.node +
      '. Install Node 24 (see .nvmrc), or run: eval "$(scripts/node.sh)"\n',
  );
  process.exit(1);
}
