// Loaded before every test file: drops the CPU backend's one-time "install our node backend"
// banner, which each test file would otherwise print with a stack trace, burying real failures in
// CI logs. Every other warning passes through.
const warn = console.warn.bind(console);
console.warn = (...args) => {
  if (
    typeof args[0] === 'string' &&
    args[0].includes('To speed things up dramatically, install our node backend')
  )
    return;
  warn(...args);
};
