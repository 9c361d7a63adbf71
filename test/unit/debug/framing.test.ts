// DAP framing: messages split anywhere, several per chunk, byte-exact lengths, and recovery from broken frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DapReader, encodeDapMessage, type DapFrameError, type DapMessage } from '../../../src/debug/dapFraming';

function collect(options?: { maxMessageBytes?: number }) {
  const messages: DapMessage[] = [];
  const errors: DapFrameError[] = [];
  const reader = new DapReader(
    (m) => messages.push(m),
    (e) => errors.push(e),
    options,
  );
  return { reader, messages, errors };
}

void test('a message fed one byte at a time, and three in one chunk, come out whole and in order', () => {
  const { reader, messages } = collect();
  const one = encodeDapMessage({ seq: 1, type: 'request', command: 'initialize' });
  for (const byte of one) reader.push(Buffer.from([byte]));
  reader.push(Buffer.concat([encodeDapMessage({ seq: 2 }), encodeDapMessage({ seq: 3 }), encodeDapMessage({ seq: 4 })]));
  assert.deepEqual(
    messages.map((m) => m.seq),
    [1, 2, 3, 4],
  );
});

void test('Content-Length counts bytes, not characters', () => {
  const { reader, messages } = collect();
  const frame = encodeDapMessage({ seq: 1, path: 'C:\\Użytkownicy\\日本\\main.go 🐹' });
  reader.push(frame.subarray(0, frame.length - 3));
  assert.equal(messages.length, 0);
  reader.push(frame.subarray(frame.length - 3));
  assert.equal(messages[0].path, 'C:\\Użytkownicy\\日本\\main.go 🐹');
});

void test('extra headers are allowed and the header name is case-insensitive', () => {
  const { reader, messages } = collect();
  reader.push(Buffer.from('X-Other: 1\r\ncontent-length: 9\r\n\r\n{"seq":5}'));
  assert.equal(messages[0].seq, 5);
});

void test('bad JSON, a non-object and a header without a length are reported, and the next message still arrives', () => {
  const { reader, messages, errors } = collect();
  reader.push(Buffer.from('Content-Length: 5\r\n\r\n{bad}'));
  reader.push(Buffer.from('Content-Length: 2\r\n\r\n[]'));
  reader.push(Buffer.from('Content-Length: -4\r\n\r\n{"junk":1}'));
  reader.push(encodeDapMessage({ seq: 9 }));
  assert.deepEqual(
    errors.map((e) => e.reason),
    ['bad-json', 'not-an-object', 'bad-header'],
  );
  assert.deepEqual(
    messages.map((m) => m.seq),
    [9],
  );
});

void test('a frame over the size limit is never buffered, and reading resumes at the next header even when it is split', () => {
  const { reader, messages, errors } = collect({ maxMessageBytes: 100 });
  reader.push(Buffer.from('Content-Length: 1000000000000\r\n\r\n'));
  reader.push(Buffer.alloc(10_000, 'x'));
  const next = encodeDapMessage({ seq: 2 });
  reader.push(next.subarray(0, 7));
  reader.push(next.subarray(7));
  assert.equal(errors[0].reason, 'too-large');
  assert.deepEqual(
    messages.map((m) => m.seq),
    [2],
  );
});

void test('endless bytes without a header are dropped instead of piling up', () => {
  const { reader, messages, errors } = collect();
  for (let i = 0; i < 100; i++) reader.push(Buffer.alloc(1024, 'g'));
  reader.push(encodeDapMessage({ seq: 3 }));
  assert.ok(errors.length >= 1 && errors.every((e) => e.reason === 'bad-header'));
  assert.deepEqual(
    messages.map((m) => m.seq),
    [3],
  );
});
