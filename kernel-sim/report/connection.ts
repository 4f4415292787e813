import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** A Jupyter connection file's content. */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Connection info on five distinct free loopback ports with a fresh random key. */
export async function newConnectionInfo(kernelName = 'kernel-sim'): Promise<ConnectionInfo> {
  const ports = new Set<number>();
  // Ports are taken one at a time, so the OS might hand out the same one twice: retry.
  while (ports.size < 5) ports.add(await freePort());
  const [shell, iopub, stdin, control, hb] = Array.from(ports) as [number, number, number, number, number];
  return {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: kernelName,
  };
}

/** The ZeroMQ endpoint of a port of `info`. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
