import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goQuote, goSprintf } from './go-format.js';
import { GoTemplate } from './go-template.js';
import { TemplateError } from './template-error.js';
import { headerFunctions } from './template-functions.js';

/** A context object like ps rows: struct fields and methods, unknown fields are errors. */
class Row {
  ID = 'abc123';
  Names = 'web';
  private readonly labels: Record<string, string> = { 'com.x': 'y', b: '2' };
  Label(name: string): string {
    return this.labels[name] ?? '';
  }
  get Labels(): string {
    return Object.entries(this.labels).map(([k, v]) => `${k}=${v}`).sort().join(',');
  }
  toJSON(): Record<string, string> {
    return { ID: this.ID, Names: this.Names };
  }
}

const inspect = {
  Id: 'f00d',
  Name: '/web',
  State: { Status: 'running', Pid: 4242, Running: true, ExitCode: 0, Health: null },
  Config: {
    Env: ['PATH=/bin', 'A=1'],
    Cmd: ['sh', '-c', 'echo hi'],
    Labels: { 'com.example.a': 'x', b: 'y' },
    Entrypoint: null,
    Tty: false,
  },
  HostConfig: { Memory: 536870912, NanoCpus: 1500000000, CpuShares: 0 },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' } } },
  Mounts: [],
  Size: 1.5,
};

const cases: [string, unknown, string][] = [
  ['plain text', inspect, 'plain text'],
  ['{{.Id}}', inspect, 'f00d'],
  ['{{.State.Status}} {{.State.Pid}}', inspect, 'running 4242'],
  ['{{.State.Running}}', inspect, 'true'],
  ['{{.HostConfig.Memory}}', inspect, '536870912'],
  ['{{.Size}}', inspect, '1.5'],
  ['{{.Config.Env}}', inspect, '[PATH=/bin A=1]'],
  ['{{.Config.Labels}}', inspect, 'map[b:y com.example.a:x]'],
  ['{{.Config.Entrypoint}}', inspect, '<nil>'],
  ['{{.Config.Labels.nope}}', inspect, '<no value>'],
  ['{{.State.Health}}', inspect, '<nil>'],
  ['{{json .Config.Cmd}}', inspect, '["sh","-c","echo hi"]'],
  ['{{json .State}}', inspect, '{"Status":"running","Pid":4242,"Running":true,"ExitCode":0,"Health":null}'],
  ['{{.Config.Cmd | json}}', inspect, '["sh","-c","echo hi"]'],
  ['{{json .Config.Labels.nope}}', inspect, 'null'],
  ['{{range .Config.Env}}{{.}};{{end}}', inspect, 'PATH=/bin;A=1;'],
  ['{{range $i, $e := .Config.Env}}{{$i}}={{$e}} {{end}}', inspect, '0=PATH=/bin 1=A=1 '],
  ['{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}},{{end}}', inspect, 'b:y,com.example.a:x,'],
  ['{{range .Mounts}}x{{else}}none{{end}}', inspect, 'none'],
  ['{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', inspect, '172.17.0.2'],
  ['{{range $name, $n := .NetworkSettings.Networks}}{{$name}} {{$n.IPAddress}}{{end}}', inspect, 'bridge 172.17.0.2'],
  ['{{if .State.Running}}up{{else}}down{{end}}', inspect, 'up'],
  ['{{if .Config.Tty}}tty{{else if .State.Running}}running{{else}}other{{end}}', inspect, 'running'],
  ['{{if not .Config.Tty}}no tty{{end}}', inspect, 'no tty'],
  ['{{if and .State.Running (eq .State.Status "running")}}ok{{end}}', inspect, 'ok'],
  ['{{if or .Config.Tty .Config.Labels.nope}}yes{{else}}no{{end}}', inspect, 'no'],
  ['{{or .Config.Tty "fallback"}}', inspect, 'fallback'],
  ['{{and 1 0 (index .Config.Env 5)}}', inspect, '0'],
  ['{{with .State}}{{.Status}}{{end}}', inspect, 'running'],
  ['{{with .Config.Labels.nope}}x{{else}}empty{{end}}', inspect, 'empty'],
  ['{{index .Config.Labels "com.example.a"}}', inspect, 'x'],
  ['[{{index .Config.Labels "nope"}}]', inspect, '[]'],
  ['{{index .Config.Env 1}}', inspect, 'A=1'],
  ['{{index .NetworkSettings.Networks "bridge" | json}}', inspect, '{"IPAddress":"172.17.0.2"}'],
  ['{{len .Config.Env}} {{len .Config.Labels}} {{len "é"}}', inspect, '2 2 2'],
  ['{{join .Config.Cmd " "}}', inspect, 'sh -c echo hi'],
  ['{{split "a,b,c" ","}}', inspect, '[a b c]'],
  ['{{index (split .Name "/") 1}}', inspect, 'web'],
  ['{{upper .State.Status}} {{lower "ABC"}} {{title "hello world"}}', inspect, 'RUNNING abc Hello World'],
  ['{{truncate .Id 2}}|{{truncate "ab" 5}}', inspect, 'f0|ab'],
  ['[{{pad .Id 1 2}}]', inspect, '[ f00d  ]'],
  ['{{printf "%s-%d" .Id .State.Pid}}', inspect, 'f00d-4242'],
  ['{{printf "%v|%q|%5d|%-5s|%05d" .Config.Env .Id 42 "ab" 42}}', inspect, '[PATH=/bin A=1]|"f00d"|   42|ab   |00042'],
  ['{{printf "%.2f" .Size}}', inspect, '1.50'],
  ['{{.State.Pid | printf "pid=%d"}}', inspect, 'pid=4242'],
  ['{{"\\t"}}|{{`raw\\t`}}', inspect, '\t|raw\\t'],
  ['{{$x := .State.Status}}{{$x}}{{$x = "b"}}{{$x}}', inspect, 'runningb'],
  ['{{range .Config.Env}}{{$.Id}}{{end}}', inspect, 'f00df00d'],
  ['{{range $i, $e := .Config.Env}}{{if eq $i 1}}{{break}}{{end}}{{$e}}{{end}}', inspect, 'PATH=/bin'],
  ['{{range $i, $e := .Config.Env}}{{if eq $i 0}}{{continue}}{{end}}{{$e}}{{end}}', inspect, 'A=1'],
  ['a  {{- .Id -}}  b', inspect, 'af00db'],
  ['a {{/* a comment */}}b', inspect, 'a b'],
  ['{{eq .State.Pid 1 2 4242}} {{ne 1 2}} {{lt 1 2}} {{ge "b" "a"}}', inspect, 'true true true true'],
  ['{{print "a" 1 2 "b"}}', inspect, 'a1 2b'],
  ['{{println "a" 1}}', inspect, 'a 1\n'],
  ['{{slice .Id 1 3}}', inspect, '00'],
  ['{{range 3}}{{.}}{{end}}', inspect, '012'],
  ['{{(index .Config.Env 0)}}', inspect, 'PATH=/bin'],
  ['{{.ID}} {{.Names}}', new Row(), 'abc123 web'],
  ['{{.Label "com.x"}}|{{.Label "none"}}', new Row(), 'y|'],
  ['{{.Labels}}', new Row(), 'b=2,com.x=y'],
  ['{{json .}}', new Row(), '{"ID":"abc123","Names":"web"}'],
  ['{{1234567.5}} {{0.00001}} {{-3}} {{0x10}}', inspect, '1.2345675e+06 1e-05 -3 16'],
];

describe('GoTemplate', () => {
  for (const [src, data, want] of cases) {
    test(src, () => assert.equal(GoTemplate.parse(src).execute(data), want));
  }
});

describe('GoTemplate errors (Go wording)', () => {
  const errors: [string, unknown, RegExp][] = [
    ['{{.Nope}}', new Row(), /^template: :1:2: executing "" at <\.Nope>: can't evaluate field Nope in type Row$/],
    ['{{.Missing}}', inspect, /^template: :1:2: executing "" at <\.Missing>: map has no entry for key "Missing"$/],
    ['{{.Missing.Deeper}}', inspect, /^template: :1:10: executing "" at <\.Missing\.Deeper>: map has no entry for key "Missing"$/],
    ['{{.State.Health.Status}}', inspect, /nil pointer evaluating interface \{\}\.Status/],
    ['{{.Id.X}}', inspect, /can't evaluate field X in type string/],
    ['{{nosuch .Id}}', inspect, /^template: :1: function "nosuch" not defined$/],
    ['{{.Id', inspect, /unclosed action/],
    ['{{if .Id}}x', inspect, /unexpected EOF/],
    ['{{end}}', inspect, /unexpected \{\{end\}\}/],
    ['{{index .Config.Env 9}}', inspect, /error calling index: index out of range: 9/],
    ['{{.Id "arg"}}', inspect, /Id is not a method but has arguments/],
    ['{{"a" "b"}}', inspect, /can't give argument to non-function "a"/],
    ['{{break}}', inspect, /outside \{\{range\}\}/],
    ['{{$nope}}', inspect, /undefined variable: \$nope/],
    ['line1\n{{.ID}}{{.Bad}}', new Row(), /^template: :2:9: executing "" at <\.Bad>/],
  ];
  for (const [src, data, want] of errors) {
    test(src, () => assert.throws(() => GoTemplate.parse(src).execute(data), (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.match(err.message, want);
      return true;
    }));
  }
});

test('header rendering passes names through docker functions', () => {
  const t = GoTemplate.parse('{{upper .Names}}\t{{json .ID}}\t{{truncate .ID 3}}');
  assert.equal(t.withFunctions(headerFunctions).execute({ Names: 'NAMES', ID: 'CONTAINER ID' }), 'NAMES\tCONTAINER ID\tCONTAINER ID');
});

test('goSprintf edge cases', () => {
  assert.equal(goSprintf('%d%%', [5]), '5%');
  assert.equal(goSprintf('%d', ['x']), '%!d(string=x)');
  assert.equal(goSprintf('%s|%s', [4242, null]), '%!s(int=4242)|%!s(<nil>)');
  assert.equal(goSprintf('%s %s', ['a']), 'a %!s(MISSING)');
  assert.equal(goSprintf('%s', ['a', 1]), 'a%!(EXTRA int=1)');
  assert.equal(goSprintf('%x %X', [255, 'hi']), 'ff 6869');
  assert.equal(goSprintf('%t %c', [true, 65]), 'true A');
  assert.equal(goSprintf('%8.3f|%-6d|%+d', [3.14159, 7, 7]), '   3.142|7     |+7');
});

test('goQuote matches strconv.Quote', () => {
  assert.equal(goQuote('sh -c "echo"\n'), '"sh -c \\"echo\\"\\n"');
  assert.equal(goQuote('a\x00b\x7f'), '"a\\x00b\\x7f"');
  assert.equal(goQuote('héllo…'), '"héllo…"');
});

test('Go field aliases are visible to templates but not to JSON', async () => {
  const { withGoFieldAliases } = await import('./go-field-aliases.js');
  const obj = withGoFieldAliases({ Id: 'abc', Name: '/x' }, { ID: 'Id' });
  assert.equal(GoTemplate.parse('{{.ID}} {{.Id}}').execute(obj), 'abc abc');
  assert.equal(GoTemplate.parse('{{json .}}').execute(obj), '{"Id":"abc","Name":"/x"}');
});
