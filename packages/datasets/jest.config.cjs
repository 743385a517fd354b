// hyparquet and hyparquet-writer are ESM-only: transform them like our own sources.
module.exports = require('../../jest.preset.cjs')(__dirname, {
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/)?(csv-parse|csv-stringify|hyparquet|hyparquet-writer)[@/])',
  ],
});
