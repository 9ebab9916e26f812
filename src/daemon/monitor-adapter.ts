import type { Socket } from 'node:net';
import type { LogReaderPort } from '../engine/containers/container-logs.js';
import type { MonitorPort, MonitorStartOptions } from '../engine/containers/ports.js';
import { connectAttach } from '../runtime/monitor/connect-attach.js';
import { isMonitorAlive } from '../runtime/monitor/is-monitor-alive.js';
import { MonitorControl } from '../runtime/monitor/monitor-control.js';
import { MonitorLauncher } from '../runtime/monitor/monitor-launcher.js';
import { readCriLog } from '../runtime/monitor/read-cri-log.js';
import { readExitFile } from '../runtime/monitor/read-exit-file.js';

/**
 * The engine's MonitorPort over berth-monitor: one control connection per running process,
 * kept open so the exit arrives as an event (no polling), and reused for resizes.
 */
export class MonitorAdapter implements MonitorPort {
  private readonly launcher: MonitorLauncher;
  private readonly controls = new Map<string, Promise<MonitorControl>>();

  constructor(binary: string) {
    this.launcher = new MonitorLauncher({ binary });
  }

  static logReader(): LogReaderPort {
    return { read: (path, opts) => readCriLog(path, opts) };
  }

  start(opts: MonitorStartOptions): Promise<{ pid: number; monitorPid: number }> {
    return this.launcher.start(opts);
  }

  private control(dir: string): Promise<MonitorControl> {
    let c = this.controls.get(dir);
    if (!c) {
      c = MonitorControl.open(dir);
      this.controls.set(dir, c);
      const forget = () => { if (this.controls.get(dir) === c) this.controls.delete(dir); };
      c.then((ctl) => ctl.exited.finally(forget), forget).catch(forget);
    }
    return c;
  }

  async watchExit(dir: string): Promise<number | null> {
    const ctl = await this.control(dir);
    try {
      return await ctl.exited;
    } catch {
      // The control connection broke without an exit message: the exit file decides.
      return readExitFile(dir);
    }
  }

  async resize(dir: string, rows: number, cols: number): Promise<void> {
    await (await this.control(dir)).resize(rows, cols);
  }

  connectAttach(dir: string): Promise<Socket> {
    return connectAttach(dir);
  }

  readExitFile(dir: string): Promise<number | null> {
    return readExitFile(dir);
  }

  isAlive(dir: string): Promise<boolean> {
    return isMonitorAlive(dir);
  }
}
