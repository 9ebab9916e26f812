import { conflict, invalidArgument } from '../../core/engine-error.js';
import type { ExecService } from '../../engine/containers/exec-service.js';
import { type ApiHandler, json } from '../api-types.js';
import { JsonFields } from '../dockercompat/json-fields.js';
import { queryInt, readJsonBody } from '../request-parsing.js';
import type { Router } from '../router.js';

export function addExecRoutes(router: Router<ApiHandler>, execs: ExecService): void {
  router.add('POST', '/containers/:id/exec', async (req) => {
    const b = JsonFields.of(await readJsonBody(req.body, req.signal), 'ExecConfig');
    const cs = b.raw('ConsoleSize');
    const id = execs.create(req.params.id!, {
      cmd: b.strSlice('Cmd') ?? [],
      env: b.strArray('Env') ?? [],
      workingDir: b.str('WorkingDir') ?? '',
      user: b.str('User') ?? '',
      tty: b.bool('Tty') ?? false,
      attachStdin: b.bool('AttachStdin') ?? false,
      attachStdout: b.bool('AttachStdout') ?? false,
      attachStderr: b.bool('AttachStderr') ?? false,
      privileged: b.bool('Privileged') ?? false,
      detachKeys: b.str('DetachKeys') ?? 'ctrl-p,ctrl-q',
      ...(Array.isArray(cs) && cs.length === 2 && cs.every((n) => Number.isInteger(n) && n > 0) ? { consoleSize: cs as [number, number] } : {}),
    });
    return json({ Id: id }, 201);
  });

  router.add('POST', '/exec/:id/start', async (req) => {
    const b = JsonFields.of(await readJsonBody(req.body, req.signal), 'ExecStartConfig');
    const exec = execs.get(req.params.id!);
    if (exec.running || exec.exitCode !== null) throw conflict(`Error: Exec command ${exec.id} has already run`);
    if (b.bool('Detach')) {
      await execs.start(exec.id);
      return { kind: 'empty', status: 200 };
    }
    return {
      kind: 'hijack',
      contentType: exec.config.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream',
      // Headers are out: start reports a failure in-band, as Docker does.
      run: (conn) => execs.start(exec.id, conn),
    };
  });

  router.add('GET', '/exec/:id/json', async (req) => {
    const e = execs.get(req.params.id!);
    return json({
      ID: e.id, Running: e.running, ExitCode: e.exitCode, CanRemove: false, ContainerID: e.containerId,
      DetachKeys: e.config.detachKeys, OpenStdin: e.config.attachStdin, OpenStdout: e.config.attachStdout,
      OpenStderr: e.config.attachStderr, Pid: e.pid,
      ProcessConfig: { tty: e.config.tty, entrypoint: e.config.cmd[0], arguments: e.config.cmd.slice(1), privileged: e.config.privileged, user: e.config.user },
    });
  });

  router.add('POST', '/exec/:id/resize', async (req) => {
    const h = queryInt(req.query, 'h') ?? 0;
    const w = queryInt(req.query, 'w') ?? 0;
    if (h < 0 || w < 0) throw invalidArgument('invalid terminal size');
    await execs.resize(req.params.id!, h, w);
    return { kind: 'empty', status: 200 };
  });
}
