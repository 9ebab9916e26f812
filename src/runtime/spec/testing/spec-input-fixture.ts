import type { ContainerConfig, HostSettings } from '../../../core/container.js';
import { ALL_CAPABILITIES } from '../capabilities.js';
import type { HostFacts, SpecInput } from '../spec-input.js';

/*
 * Test support: deterministic SpecInputs for golden files and runtime tests. Each helper
 * takes overrides so a test states only what it is about.
 */

export const FIXTURE_ID = '4d3c2b1a0f9e8d7c6b5a49382716051423324150697887a6b5c4d3e2f1a0b9c8';

/** This machine's shape: no CAP_SYS_RESOURCE, open files capped at 20000, cgroup v1. */
export function fakeHostFacts(over: Partial<HostFacts> = {}): HostFacts {
  return {
    boundingCapabilities: ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE'),
    cgroupVersion: 1,
    hardRlimits: { nofile: 20000, nproc: 96365, nice: 0 },
    arch: 'amd64',
    kernelVersion: '6.1.0-18-amd64',
    swapLimit: true,
    initPath: '/usr/bin/tini-static',
    ...over,
  };
}

export function fixtureConfig(over: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    image: 'busybox',
    imageId: `sha256:${'ab'.repeat(32)}`,
    entrypoint: [],
    cmd: ['sh'],
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    workingDir: '',
    user: '',
    hostname: '4d3c2b1a0f9e',
    domainname: '',
    tty: false,
    openStdin: false,
    stdinOnce: false,
    attachStdin: false,
    attachStdout: true,
    attachStderr: true,
    labels: {},
    stopSignal: 'SIGTERM',
    exposedPorts: [],
    volumes: [],
    ...over,
  };
}

export function fixtureHost(over: Partial<HostSettings> = {}): HostSettings {
  return {
    autoRemove: false,
    privileged: false,
    readonlyRootfs: false,
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    init: false,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    resources: {},
    tmpfs: {},
    mounts: [],
    networkMode: 'bridge',
    runtime: 'crun',
    shmSize: 0,
    sysctls: {},
    oomScoreAdj: 0,
    extraHosts: [],
    dns: [],
    groupAdd: [],
    ...over,
  };
}

export function fixtureInput(over: Partial<SpecInput> = {}): SpecInput {
  const config = over.config ?? fixtureConfig();
  return {
    id: FIXTURE_ID,
    config,
    host: fixtureHost(),
    rootfsPath: `/var/lib/berth/rootfs/${FIXTURE_ID}`,
    args: ['sh'],
    env: config.env,
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [0, 10] },
    cgroupsPath: `/berth/${FIXTURE_ID}`,
    hostFacts: fakeHostFacts(),
    extraMounts: [
      { type: 'bind', source: `/var/lib/berth/containers/${FIXTURE_ID}/hosts`, target: '/etc/hosts', options: ['rbind', 'rprivate'] },
      { type: 'bind', source: `/var/lib/berth/containers/${FIXTURE_ID}/resolv.conf`, target: '/etc/resolv.conf', options: ['rbind', 'rprivate'] },
      { type: 'bind', source: `/var/lib/berth/containers/${FIXTURE_ID}/hostname`, target: '/etc/hostname', options: ['rbind', 'rprivate'] },
    ],
    netnsPath: `/run/berth/netns/${FIXTURE_ID.slice(0, 12)}`,
    ...over,
  };
}
