import type { CommandSpec } from './command-spec.js';

/**
 * Every berth command, how it can be spelled (`ps`, `container ls`, ...) and where
 * its code lives. Modules load only when their command runs, so start-up costs
 * the same whatever the number of commands.
 */
export interface CommandEntry {
  /** The spellings, first one canonical: `[['ps'], ['container', 'ls'], ...]`. */
  paths: string[][];
  summary: string;
  /** Where `berth --help` lists it; undefined: only under its management command. */
  section?: 'common' | 'other';
  load: () => Promise<CommandSpec>;
}

export const GROUPS: Record<string, string> = {
  container: 'Manage containers',
  image: 'Manage images',
  network: 'Manage networks',
  system: 'Manage berth',
  volume: 'Manage volumes',
};

export const COMMANDS: CommandEntry[] = [
  { paths: [['run'], ['container', 'run']], summary: 'Create and run a new container from an image', section: 'common',
    load: () => import('./commands/container-run.js').then((m) => m.containerRun) },
  { paths: [['exec'], ['container', 'exec']], summary: 'Execute a command in a running container', section: 'common',
    load: () => import('./commands/container-exec.js').then((m) => m.containerExec) },
  { paths: [['ps'], ['container', 'ls'], ['container', 'list'], ['container', 'ps']], summary: 'List containers', section: 'common',
    load: () => import('./commands/container-ls.js').then((m) => m.containerLs) },
  { paths: [['pull'], ['image', 'pull']], summary: 'Download an image from a registry', section: 'common',
    load: () => import('./commands/image-pull.js').then((m) => m.imagePull) },
  { paths: [['images'], ['image', 'ls'], ['image', 'list']], summary: 'List images', section: 'common',
    load: () => import('./commands/image-ls.js').then((m) => m.imageLs) },
  { paths: [['version']], summary: 'Show the berth version information', section: 'common',
    load: () => import('./commands/system-version.js').then((m) => m.systemVersion) },
  { paths: [['info'], ['system', 'info']], summary: 'Display system-wide information', section: 'common',
    load: () => import('./commands/system-info.js').then((m) => m.systemInfo) },

  { paths: [['attach'], ['container', 'attach']], summary: 'Attach local standard input, output, and error streams to a running container', section: 'other',
    load: () => import('./commands/container-attach.js').then((m) => m.containerAttach) },
  { paths: [['commit'], ['container', 'commit']], summary: "Create a new image from a container's changes", section: 'other',
    load: () => import('./commands/container-commit.js').then((m) => m.containerCommit) },
  { paths: [['cp'], ['container', 'cp']], summary: 'Copy files/folders between a container and the local filesystem', section: 'other',
    load: () => import('./commands/container-cp.js').then((m) => m.containerCp) },
  { paths: [['create'], ['container', 'create']], summary: 'Create a new container', section: 'other',
    load: () => import('./commands/container-create.js').then((m) => m.containerCreate) },
  { paths: [['diff'], ['container', 'diff']], summary: "Inspect changes to files or directories on a container's filesystem", section: 'other',
    load: () => import('./commands/container-diff.js').then((m) => m.containerDiff) },
  { paths: [['events'], ['system', 'events']], summary: 'Get real time events from the server', section: 'other',
    load: () => import('./commands/system-events.js').then((m) => m.systemEvents) },
  { paths: [['export'], ['container', 'export']], summary: "Export a container's filesystem as a tar archive", section: 'other',
    load: () => import('./commands/container-export.js').then((m) => m.containerExport) },
  { paths: [['history'], ['image', 'history']], summary: 'Show the history of an image', section: 'other',
    load: () => import('./commands/image-history.js').then((m) => m.imageHistory) },
  { paths: [['import'], ['image', 'import']], summary: 'Import the contents from a tarball to create a filesystem image', section: 'other',
    load: () => import('./commands/image-import.js').then((m) => m.imageImport) },
  { paths: [['inspect']], summary: 'Return low-level information on berth objects', section: 'other',
    load: () => import('./commands/object-inspect.js').then((m) => m.objectInspect) },
  { paths: [['kill'], ['container', 'kill']], summary: 'Kill one or more running containers', section: 'other',
    load: () => import('./commands/container-kill.js').then((m) => m.containerKill) },
  { paths: [['logs'], ['container', 'logs']], summary: 'Fetch the logs of a container', section: 'other',
    load: () => import('./commands/container-logs.js').then((m) => m.containerLogs) },
  { paths: [['pause'], ['container', 'pause']], summary: 'Pause all processes within one or more containers', section: 'other',
    load: () => import('./commands/container-pause.js').then((m) => m.containerPause) },
  { paths: [['port'], ['container', 'port']], summary: 'List port mappings or a specific mapping for the container', section: 'other',
    load: () => import('./commands/container-port.js').then((m) => m.containerPort) },
  { paths: [['rename'], ['container', 'rename']], summary: 'Rename a container', section: 'other',
    load: () => import('./commands/container-rename.js').then((m) => m.containerRename) },
  { paths: [['restart'], ['container', 'restart']], summary: 'Restart one or more containers', section: 'other',
    load: () => import('./commands/container-restart.js').then((m) => m.containerRestart) },
  { paths: [['rm'], ['container', 'rm'], ['container', 'remove']], summary: 'Remove one or more containers', section: 'other',
    load: () => import('./commands/container-rm.js').then((m) => m.containerRm) },
  { paths: [['rmi'], ['image', 'rm'], ['image', 'remove']], summary: 'Remove one or more images', section: 'other',
    load: () => import('./commands/image-rm.js').then((m) => m.imageRm) },
  { paths: [['start'], ['container', 'start']], summary: 'Start one or more stopped containers', section: 'other',
    load: () => import('./commands/container-start.js').then((m) => m.containerStart) },
  { paths: [['stats'], ['container', 'stats']], summary: 'Display a live stream of container(s) resource usage statistics', section: 'other',
    load: () => import('./commands/container-stats.js').then((m) => m.containerStats) },
  { paths: [['stop'], ['container', 'stop']], summary: 'Stop one or more running containers', section: 'other',
    load: () => import('./commands/container-stop.js').then((m) => m.containerStop) },
  { paths: [['tag'], ['image', 'tag']], summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', section: 'other',
    load: () => import('./commands/image-tag.js').then((m) => m.imageTag) },
  { paths: [['top'], ['container', 'top']], summary: 'Display the running processes of a container', section: 'other',
    load: () => import('./commands/container-top.js').then((m) => m.containerTop) },
  { paths: [['unpause'], ['container', 'unpause']], summary: 'Unpause all processes within one or more containers', section: 'other',
    load: () => import('./commands/container-unpause.js').then((m) => m.containerUnpause) },
  { paths: [['wait'], ['container', 'wait']], summary: 'Block until one or more containers stop, then print their exit codes', section: 'other',
    load: () => import('./commands/container-wait.js').then((m) => m.containerWait) },

  { paths: [['container', 'inspect']], summary: 'Display detailed information on one or more containers',
    load: () => import('./commands/container-inspect.js').then((m) => m.containerInspect) },
  { paths: [['container', 'prune']], summary: 'Remove all stopped containers',
    load: () => import('./commands/container-prune.js').then((m) => m.containerPrune) },
  { paths: [['image', 'inspect']], summary: 'Display detailed information on one or more images',
    load: () => import('./commands/image-inspect.js').then((m) => m.imageInspect) },
  { paths: [['image', 'prune']], summary: 'Remove unused images',
    load: () => import('./commands/image-prune.js').then((m) => m.imagePrune) },
  { paths: [['network', 'connect']], summary: 'Connect a container to a network',
    load: () => import('./commands/network-connect.js').then((m) => m.networkConnect) },
  { paths: [['network', 'create']], summary: 'Create a network',
    load: () => import('./commands/network-create.js').then((m) => m.networkCreate) },
  { paths: [['network', 'disconnect']], summary: 'Disconnect a container from a network',
    load: () => import('./commands/network-disconnect.js').then((m) => m.networkDisconnect) },
  { paths: [['network', 'inspect']], summary: 'Display detailed information on one or more networks',
    load: () => import('./commands/network-inspect.js').then((m) => m.networkInspect) },
  { paths: [['network', 'ls'], ['network', 'list']], summary: 'List networks',
    load: () => import('./commands/network-ls.js').then((m) => m.networkLs) },
  { paths: [['network', 'prune']], summary: 'Remove all unused networks',
    load: () => import('./commands/network-prune.js').then((m) => m.networkPrune) },
  { paths: [['network', 'rm'], ['network', 'remove']], summary: 'Remove one or more networks',
    load: () => import('./commands/network-rm.js').then((m) => m.networkRm) },
  { paths: [['system', 'df']], summary: 'Show docker disk usage',
    load: () => import('./commands/system-df.js').then((m) => m.systemDf) },
  { paths: [['system', 'prune']], summary: 'Remove unused data',
    load: () => import('./commands/system-prune.js').then((m) => m.systemPrune) },
  { paths: [['volume', 'create']], summary: 'Create a volume',
    load: () => import('./commands/volume-create.js').then((m) => m.volumeCreate) },
  { paths: [['volume', 'inspect']], summary: 'Display detailed information on one or more volumes',
    load: () => import('./commands/volume-inspect.js').then((m) => m.volumeInspect) },
  { paths: [['volume', 'ls'], ['volume', 'list']], summary: 'List volumes',
    load: () => import('./commands/volume-ls.js').then((m) => m.volumeLs) },
  { paths: [['volume', 'prune']], summary: 'Remove unused local volumes',
    load: () => import('./commands/volume-prune.js').then((m) => m.volumePrune) },
  { paths: [['volume', 'rm'], ['volume', 'remove']], summary: 'Remove one or more volumes',
    load: () => import('./commands/volume-rm.js').then((m) => m.volumeRm) },
  { paths: [['image', 'bootstrap']], summary: "Create the busybox image from the host's busybox-static",
    load: () => import('./commands/image-bootstrap.js').then((m) => m.imageBootstrap) },
];

/** The command for `words` (e.g. `['container', 'ls']`), and how many words it used. */
export function findCommand(words: readonly string[]): { entry: CommandEntry; used: number } | undefined {
  for (const entry of COMMANDS) {
    for (const path of entry.paths) {
      if (path.every((w, i) => words[i] === w)) return { entry, used: path.length };
    }
  }
  return undefined;
}
