// The baseline for bench_payment: Alipay's official Node.js SDK (alipay-sdk, pinned in package.json)
// doing alipay.trade.precreate against the same gateway with the same keys, one call after another,
// timing sign + HTTP + verify per call as bench_payment times ours.
//
//   TZ=Asia/Shanghai node precreate-bench.mjs --dir SANDBOX_DIR --gateway URL --app-id ID [--orders N]
//       [--warmup N] [--samples FILE]
//
// --samples appends every sample as a line "node.precreate milliseconds" (and node.precreate.cpu, the
// process's CPU time for the call), as bench_payment does.
//
// TZ matters: the SDK writes `timestamp` in the machine's local time, and the gateway (Alipay's and
// the sandbox alike) refuses one more than 15 minutes away from China time.
//
// The SDK's v4 exec() checks the reply's signature only when asked ({validateSign: true}); without it
// a forged reply would pass. Here it is asked, and a control run with the wrong public key (the app's
// own) must be refused, so the figures are known to include a verification that really happens.
import { AlipaySdk } from 'alipay-sdk';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    gateway: { type: 'string' },
    'app-id': { type: 'string' },
    orders: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '50' },
    samples: { type: 'string' },
  },
});
if (!args.dir || !args.gateway || !args['app-id']) {
  console.error('precreate-bench: give --dir, --gateway and --app-id');
  process.exit(2);
}
const orders = Number.parseInt(args.orders, 10);
const warmup = Number.parseInt(args.warmup, 10);

const read = name => readFileSync(`${args.dir}/${name}`, 'ascii');
const sdkFor = alipayPublicKey => new AlipaySdk({
  appId: args['app-id'],
  privateKey: read('app_private_key.pem'),
  keyType: 'PKCS8',
  alipayPublicKey,
  gateway: args.gateway,
  timeout: 15000,
});
const sdk = sdkFor(read('alipay_public_key.pem'));
const tag = `N${Date.now().toString(36).toUpperCase()}`;

function precreate(client, outTradeNo) {
  return client.exec('alipay.trade.precreate', {
    bizContent: {
      out_trade_no: outTradeNo,
      total_amount: '12.34',
      subject: 'Benchmark coffee',
      terminal_id: 'T1',
      qr_code_timeout_express: '5m',
    },
  }, { validateSign: true });
}

// Time this process's threads spent runnable but waiting for a core (Linux schedstat), in ms, as
// bench_payment measures it; 0 where the kernel does not keep it.
function runQueueWaitMs() {
  let ns = 0;
  try {
    for (const task of readdirSync('/proc/self/task'))
      ns += Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'ascii').split(' ')[1] ?? 0);
  } catch {
    // a thread that ended between the listing and the read, or no /proc
  }
  return ns / 1e6;
}

// Same definitions as bench_payment's Samples: median of the sorted samples, p95 by nearest rank.
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const rank = Math.min(Math.max(Math.ceil((95 * n) / 100), 1), n);
  return { n, min: s[0], median, p95: s[rank - 1], max: s[n - 1] };
}

const samples = [];
const cpuSamples = []; // CPU time of this process (all threads), which waiting does not count
const waitSamples = [];
let failures = 0;
let firstError = '';
for (let i = 0; i < warmup + orders; i++) {
  const waitStart = runQueueWaitMs();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let result;
  try {
    result = await precreate(sdk, `${tag}-${i}`);
  } catch (err) {
    failures++;
    firstError ||= String(err.message).slice(0, 300);
    continue;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const wait = runQueueWaitMs() - waitStart;
  if (result.code !== '10000' || !result.qrCode) {
    failures++;
    firstError ||= JSON.stringify(result).slice(0, 300);
    continue;
  }
  if (i >= warmup) {
    samples.push(ms);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
    waitSamples.push(wait);
  }
}

// The control: the same call verified with the wrong key must be refused.
let controlRefused = false;
try {
  await precreate(sdkFor(read('app_public_key.pem')), `${tag}-control`);
} catch (err) {
  controlRefused = /验签失败/.test(err.message);
}

const sdkVersion = createRequire(import.meta.url)('alipay-sdk/package.json').version;
const r = stats(samples);
console.log(`node ${process.version}, alipay-sdk ${sdkVersion}: ${orders} precreates (+${warmup} warm-up), ` +
  `replies verified: ${samples.length}/${orders}, wrong-key control refused: ${controlRefused ? 'yes' : 'NO'}`);
console.log(`  sign + HTTP + verify (ms): n ${r.n}  min ${r.min?.toFixed(3)}  median ${r.median?.toFixed(3)}  ` +
  `p95 ${r.p95?.toFixed(3)}  max ${r.max?.toFixed(3)}`);
const c = stats(cpuSamples);
const w = stats(waitSamples);
console.log(`  CPU time of this process (ms): median ${c.median?.toFixed(3)}  p95 ${c.p95?.toFixed(3)}; ` +
  `waiting for a core: median ${w.median?.toFixed(3)}  p95 ${w.p95?.toFixed(3)}`);
if (failures)
  console.log(`  FAILURES: ${failures}; first: ${firstError}`);
if (args.samples)
  appendFileSync(args.samples, samples.map(ms => `node.precreate ${ms.toFixed(4)}\n`).join('') +
    cpuSamples.map(ms => `node.precreate.cpu ${ms.toFixed(4)}\n`).join('') +
    waitSamples.map(ms => `node.precreate.wait ${ms.toFixed(4)}\n`).join(''));
console.log(`RESULT node.precreate n=${r.n} median_ms=${r.median?.toFixed(4)} p95_ms=${r.p95?.toFixed(4)}`);
process.exit(failures === 0 && controlRefused ? 0 : 1);
