// Starts fauxqs (SNS + SQS) on loopback. Usage: node fauxqs.mjs PORT
import { startFauxqs } from "fauxqs";

const port = Number(process.argv[2] ?? 4566);
const server = await startFauxqs({ port, host: "127.0.0.1", logger: false });
console.log(`fauxqs listening on http://127.0.0.1:${server.port}`);
const stop = async () => {
  await server.stop?.();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
