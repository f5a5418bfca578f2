/**
 * The languages the highlight worker knows: highlight.js/lib/common's names and aliases, in lower case.
 * The page carries TypeScript's grammar only (the language most replies' code is in); code in one of
 * these is sent to the worker. test/unit/highlightLanguages.test.ts checks the list against highlight.js.
 */
export const WORKER_LANGUAGES: ReadonlySet<string> = new Set([
  'atom', 'bash', 'c', 'c#', 'c++', 'cc', 'cjs', 'console', 'cpp', 'cs', 'csharp', 'css', 'cts', 'cxx',
  'diff', 'gemspec', 'go', 'golang', 'gql', 'graphql', 'gyp', 'h', 'h++', 'hh', 'hpp', 'html', 'hxx', 'ini',
  'ipython', 'irb', 'java', 'javascript', 'js', 'json', 'json5', 'jsonc', 'jsp', 'jsx', 'kotlin', 'kt',
  'ktm', 'kts', 'ktx', 'less', 'lua', 'mak', 'make', 'makefile', 'markdown', 'md', 'mjs', 'mk', 'mkd',
  'mkdown', 'mm', 'mts', 'obj-c', 'obj-c++', 'objc', 'objective-c++', 'objectivec', 'patch', 'perl', 'php',
  'php-template', 'pl', 'plaintext', 'plist', 'pluto', 'pm', 'podspec', 'py', 'pycon', 'python',
  'python-repl', 'r', 'rb', 'rs', 'rss', 'ruby', 'rust', 'scss', 'sh', 'shell', 'shellsession', 'sql', 'svg',
  'swift', 'text', 'thor', 'toml', 'ts', 'tsx', 'txt', 'typescript', 'vb', 'vbnet', 'wasm', 'wsf', 'xhtml',
  'xjb', 'xml', 'xsd', 'xsl', 'yaml', 'yml', 'zsh',
]);
