import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineError } from '../core/engine-error.js';
import { applyConfigChanges } from './config-changes.js';
import type { OciContainerConfig } from './oci-image.js';
import { expandWord, expandWords } from './shell-lexer.js';

const cases: Array<[string, string[], OciContainerConfig, OciContainerConfig?]> = [
  ['CMD exec form', ['CMD ["/bin/sh", "-c", "echo hi"]'], { Cmd: ['/bin/sh', '-c', 'echo hi'] }],
  ['CMD shell form', ['CMD echo "hello world"'], { Cmd: ['/bin/sh', '-c', 'echo "hello world"'] }],
  ['CMD malformed JSON is shell form', ['CMD [oops'], { Cmd: ['/bin/sh', '-c', '[oops'] }],
  ['lowercase instruction', ['cmd ["a"]'], { Cmd: ['a'] }],
  ['ENTRYPOINT resets an inherited Cmd', ['ENTRYPOINT ["/init"]'], { Entrypoint: ['/init'], Cmd: null }, { Cmd: ['old'] }],
  ['ENTRYPOINT keeps a Cmd set by these changes', ['CMD ["arg"]', 'ENTRYPOINT /init --x'], { Cmd: ['arg'], Entrypoint: ['/bin/sh', '-c', '/init --x'] }],
  ['ENV key=value pairs with quotes', ['ENV A=1 B="two words" C=\'$A\''], { Env: ['A=1', 'B=two words', 'C=$A'] }],
  ['ENV legacy form keeps the rest of the line', ['ENV GREETING hello   big world'], { Env: ['GREETING=hello   big world'] }],
  ['ENV expands earlier variables, replaces existing', ['ENV PATH=/usr/bin', 'ENV PATH=/opt/bin:$PATH X=${UNSET:-dflt} Y=${PATH:+set}'], { Env: ['PATH=/opt/bin:/usr/bin', 'X=dflt', 'Y=set'] }],
  ['ENV in one instruction expands with the env before it', ['ENV A=1', 'ENV A=2 B=$A'], { Env: ['A=2', 'B=1'] }],
  ['ENV escapes', ['ENV A=a\\ b B="q\\"uote" C=\\$HOME'], { Env: ['A=a b', 'B=q"uote', 'C=$HOME'] }],
  ['LABEL pairs and legacy', ['LABEL a=b "c d"="e f"', 'LABEL legacy value here'], { Labels: { a: 'b', 'c d': 'e f', legacy: 'value here' } }],
  ['EXPOSE ports, protocols and ranges', ['EXPOSE 80 53/udp 8000-8001/TCP'], { ExposedPorts: { '80/tcp': {}, '53/udp': {}, '8000/tcp': {}, '8001/tcp': {} } }],
  ['USER', ['USER nobody:nogroup'], { User: 'nobody:nogroup' }],
  ['WORKDIR absolute then relative', ['WORKDIR /app', 'WORKDIR sub/../src'], { WorkingDir: '/app/src' }],
  ['WORKDIR with a variable', ['ENV D=/srv', 'WORKDIR $D/www'], { Env: ['D=/srv'], WorkingDir: '/srv/www' }],
  ['VOLUME JSON and words', ['VOLUME ["/data", "/logs"]', 'VOLUME /a /b'], { Volumes: { '/data': {}, '/logs': {}, '/a': {}, '/b': {} } }],
  ['STOPSIGNAL names and numbers', ['STOPSIGNAL SIGINT'], { StopSignal: 'SIGINT' }],
  ['STOPSIGNAL without SIG', ['STOPSIGNAL quit'], { StopSignal: 'quit' }],
  ['STOPSIGNAL number', ['STOPSIGNAL 9'], { StopSignal: '9' }],
  ['STOPSIGNAL realtime', ['STOPSIGNAL SIGRTMIN+3'], { StopSignal: 'SIGRTMIN+3' }],
  ['ONBUILD is recorded', ['ONBUILD RUN make'], { OnBuild: ['RUN make'] }],
  ['HEALTHCHECK CMD with options', ['HEALTHCHECK --interval=30s --timeout=1m30s --retries=3 CMD curl -f http://localhost/'], { Healthcheck: { Interval: 30e9, Timeout: 90e9, Retries: 3, Test: ['CMD-SHELL', 'curl -f http://localhost/'] } }],
  ['HEALTHCHECK exec and NONE', ['HEALTHCHECK CMD ["true"]'], { Healthcheck: { Test: ['CMD', 'true'] } }],
  ['HEALTHCHECK NONE', ['HEALTHCHECK NONE'], { Healthcheck: { Test: ['NONE'] } }],
  ['continuation lines and comments', ['ENV A=1 \\\n  B=2', '# a comment', '', 'USER x'], { Env: ['A=1', 'B=2'], User: 'x' }],
  ['no changes', [], {}],
];

const bad: Array<[string, string[], RegExp]> = [
  ['unknown instruction', ['FROM busybox'], /^from is not a valid change command$/],
  ['RUN is not allowed', ['RUN true'], /run is not a valid change command/],
  ['ENV without value', ['ENV ONLYKEY'], /ENV must have two arguments/],
  ['ENV pair missing =', ['ENV A=1 B'], /can't find = in "B"/],
  ['ENV blank name', ['ENV =x'], /ENV names can not be blank/],
  ['ENV unterminated quote', ['ENV A="open'], /matching double-quote/],
  ['EXPOSE junk', ['EXPOSE http'], /invalid containerPort: http/],
  ['EXPOSE bad proto', ['EXPOSE 80/icmp'], /invalid proto/],
  ['EXPOSE out of range', ['EXPOSE 70000'], /invalid containerPort/],
  ['STOPSIGNAL junk', ['STOPSIGNAL SIGNOPE'], /Invalid signal: SIGNOPE/],
  ['STOPSIGNAL zero', ['STOPSIGNAL 0'], /Invalid signal/],
  ['empty CMD', ['CMD'], /CMD requires at least one argument/],
  ['empty VOLUME string', ['VOLUME [""]'], /can not be an empty string/],
  ['ONBUILD ONBUILD', ['ONBUILD ONBUILD RUN x'], /Chaining ONBUILD/],
  ['ONBUILD FROM', ['ONBUILD FROM x'], /FROM isn't allowed/],
  ['HEALTHCHECK bad type', ['HEALTHCHECK RUN x'], /Unknown type "RUN"/],
  ['HEALTHCHECK bad duration', ['HEALTHCHECK --interval=5 CMD x'], /invalid duration/],
  ['required variable', ['ENV A=${NOPE:?required}'], /NOPE: required/],
];

describe('applyConfigChanges', () => {
  for (const [title, changes, want, base] of cases) {
    test(title, () => {
      assert.deepEqual(applyConfigChanges(base ?? {}, changes), want);
    });
  }
  for (const [title, changes, re] of bad) {
    test(`refused: ${title}`, () => {
      assert.throws(() => applyConfigChanges({}, changes), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message));
    });
  }
  test('the base config is not mutated', () => {
    const base: OciContainerConfig = { Env: ['A=1'] };
    applyConfigChanges(base, ['ENV A=2']);
    assert.deepEqual(base, { Env: ['A=1'] });
  });
});

describe('shell lexer', () => {
  const env = (n: string) => ({ HOME: '/root', EMPTY: '' } as Record<string, string>)[n];
  const words: Array<[string, string[]]> = [
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" \'c d\'', ['a b', 'c d']],
    ['$HOME/x ${HOME}y', ['/root/x', '/rooty']],
    ['${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', ['d', '', 'd']],
    ['${HOME:+yes} ${EMPTY:+yes} ${EMPTY+yes}', ['yes', '', 'yes']],
    ['\'$HOME\' "$HOME" \\$HOME', ['$HOME', '/root', '$HOME']],
    ['cost$ 5', ['cost$', '5']],
    ['""', ['']],
  ];
  for (const [input, want] of words) {
    test(input, () => assert.deepEqual(expandWords(input, env), want));
  }
  test('expandWord keeps whitespace', () => {
    assert.equal(expandWord('a  "b  c"', env), 'a  b  c');
  });
});
