// The hello-web workload: answers GET / with the greeting and GET /health with 200.
// Configured only through the environment Pebble gives it.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// Each unit listens on its own address (under Charmkit every unit has its own loopback IP).
const host = process.env.HOST ?? '0.0.0.0';
const greeting = process.env.GREETING ?? 'hello';
const token = process.env.API_TOKEN ?? '';

createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200).end('ok\n');
    return;
  }
  if (token && req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401).end('unauthorized\n');
    return;
  }
  res
    .writeHead(200, { 'content-type': 'text/plain' })
    .end(`${greeting} from ${process.env.UNIT_NAME ?? 'hello-web'}\n`);
}).listen(port, host, () => console.log(`listening on ${host}:${port}`));
