"""docker-py (Debian's python3-docker), unchanged, against the berthd at sys.argv[1].

Networks with name resolution, a published port, exec, volumes and disk usage, as a Python
program using the Docker SDK would do them. Exits non-zero on the first mismatch.
"""
import sys
import time
import urllib.request

import docker

client = docker.DockerClient(base_url=sys.argv[1])
assert client.ping()
assert float(client.version()['ApiVersion']) >= 1.41

net = client.networks.create('py-net', driver='bridge', labels={'from': 'docker-py'})
web = client.containers.run('busybox', ['httpd', '-f', '-p', '80', '-h', '/etc'], detach=True, name='py-web',
                            network='py-net', ports={'80/tcp': ('127.0.0.1', None)})
web.reload()
web_id = web.id[:12]
port = web.ports['80/tcp'][0]['HostPort']
body = ''
for _ in range(50):
    try:
        body = urllib.request.urlopen(f'http://127.0.0.1:{port}/hostname', timeout=1).read().decode().strip()
        break
    except OSError:
        time.sleep(0.1)
assert body == web_id, f'published port: {body!r}'
by_name = client.containers.run('busybox', ['wget', '-qO-', 'http://py-web/hostname'], network='py-net', remove=True)
assert by_name.decode().strip() == web_id, by_name
exit_code, output = web.exec_run(['sh', '-c', 'echo hi; exit 3'])
assert (exit_code, output.decode()) == (3, 'hi\n'), (exit_code, output)
assert [c.name for c in client.networks.get('py-net').containers] == ['py-web']
assert client.networks.get('py-net').attrs['Labels'] == {'from': 'docker-py'}
web.remove(force=True)
net.remove()

vol = client.volumes.create('py-vol', labels={'a': 'b'})
assert vol.attrs['Labels'] == {'a': 'b'}
out = client.containers.run('busybox', ['sh', '-c', 'echo data > /v/f; cat /v/f'], volumes={'py-vol': {'bind': '/v', 'mode': 'rw'}}, remove=True)
assert out == b'data\n', out
again = client.containers.run('busybox', ['cat', '/v/f'], volumes={'py-vol': {'bind': '/v', 'mode': 'ro'}}, remove=True)
assert again == b'data\n', 'the volume outlives its container'
vol.remove()
assert set(client.df()) >= {'Containers', 'Images', 'Volumes', 'LayersSize'}
print('ok')
