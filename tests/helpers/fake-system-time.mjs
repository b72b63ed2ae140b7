/**
 * A faketime for Node: preloaded with `node --import`, it makes the process believe the system
 * clock reads SA_QUIZ_FAKE_SYSTEM_TIME (an ISO instant) when it starts, and lets it run on from
 * there. Date.now(), new Date() and Date() are shifted; timers, performance.now() and hrtime are
 * not (they measure durations). Child processes inherit it through NODE_OPTIONS.
 *
 *   NODE_OPTIONS="--import ./tests/helpers/fake-system-time.mjs" \
 *   SA_QUIZ_FAKE_SYSTEM_TIME=2026-12-05T21:00:00Z npm test
 *
 * It proves the suite reads no domain time from the wall clock: run it at 03:00, 12:00 and
 * 21:00 UTC and every test must pass. Once set, the offset travels to children as an absolute
 * offset (SA_QUIZ_FAKE_SYSTEM_OFFSET_MS), so a child started later agrees with its parent.
 */
const RealDate = globalThis.Date;
const target = process.env.SA_QUIZ_FAKE_SYSTEM_TIME;
const inherited = process.env.SA_QUIZ_FAKE_SYSTEM_OFFSET_MS;

let offset = 0;
if (inherited !== undefined && inherited !== '') {
  offset = Number(inherited);
} else if (target !== undefined && target !== '') {
  const at = RealDate.parse(target);
  if (Number.isNaN(at)) throw new Error(`SA_QUIZ_FAKE_SYSTEM_TIME is not an instant: ${target}`);
  offset = at - RealDate.now();
  process.env.SA_QUIZ_FAKE_SYSTEM_OFFSET_MS = String(offset);
}

if (offset !== 0 && Number.isFinite(offset)) {
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct(real, args, newTarget) {
      return Reflect.construct(real, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(real, property, receiver) {
      if (property === 'now') return now;
      return Reflect.get(real, property, receiver);
    },
  });
}
