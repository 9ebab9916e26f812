import type { HijackedStream } from './hijack.js';
import type { HttpTransport } from './http-transport.js';
import type { ExecCreateRequest, ExecInspect, ExecStartRequest } from './types/exec-types.js';

/** Exec instances: created on a container, started (usually hijacked), inspected for the exit code. */
export class ExecApi {
  constructor(private readonly http: HttpTransport) {}

  create(containerId: string, body: ExecCreateRequest): Promise<{ Id: string }> {
    return this.http.json('POST', `/containers/${encodeURIComponent(containerId)}/exec`, { json: body });
  }

  /** Starts attached: the connection becomes the process's stdio. */
  startAttached(execId: string, body: Omit<ExecStartRequest, 'Detach'>): Promise<HijackedStream> {
    return this.http.hijack('POST', `/exec/${encodeURIComponent(execId)}/start`, { json: { ...body, Detach: false } });
  }

  /** Starts in the background and returns once it runs. */
  async startDetached(execId: string, body: Omit<ExecStartRequest, 'Detach'>): Promise<void> {
    await this.http.empty('POST', `/exec/${encodeURIComponent(execId)}/start`, { json: { ...body, Detach: true } });
  }

  inspect(execId: string): Promise<ExecInspect> {
    return this.http.json('GET', `/exec/${encodeURIComponent(execId)}/json`);
  }

  async resize(execId: string, size: { height: number; width: number }): Promise<void> {
    await this.http.empty('POST', `/exec/${encodeURIComponent(execId)}/resize`, { query: { h: size.height, w: size.width } });
  }
}
