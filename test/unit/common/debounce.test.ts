import * as assert from 'node:assert/strict';
import { Debouncer, KeyedDebouncer } from '../../../src/common/debounce';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('common/debounce', () => {
  it('Debouncer: a burst runs once, after the quiet time', async () => {
    let runs = 0;
    const d = new Debouncer(20, () => runs++);
    for (let i = 0; i < 10; i++) d.schedule();
    assert.equal(runs, 0);
    await wait(60);
    assert.equal(runs, 1);
    d.dispose();
  });

  it('Debouncer: cancel and dispose drop the pending run', async () => {
    let runs = 0;
    const d = new Debouncer(10, () => runs++);
    d.schedule();
    d.cancel();
    d.schedule();
    d.dispose();
    d.schedule(); // a late event after disposal
    await wait(40);
    assert.equal(runs, 0);
  });

  it('KeyedDebouncer: one run per key', async () => {
    const seen: string[] = [];
    const d = new KeyedDebouncer<string>(10, (k) => seen.push(k));
    d.schedule('a');
    d.schedule('b');
    d.schedule('a');
    d.cancel('b');
    await wait(40);
    assert.deepEqual(seen, ['a']);
    d.dispose();
  });

  it('KeyedDebouncer: a schedule may name its own delay (0: soon), and a later schedule replaces it', async () => {
    const seen: string[] = [];
    const d = new KeyedDebouncer<string>(1000, (k) => seen.push(k));
    d.schedule('open', 0);
    d.schedule('typed', 0);
    d.schedule('typed');
    await wait(30);
    assert.deepEqual(seen, ['open'], 'the later, slower schedule of "typed" replaced its quick one');
    d.dispose();
  });
});
