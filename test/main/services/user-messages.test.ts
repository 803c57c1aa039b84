// What the services answer a user who tags a run with two words or uploads the same NEST folder
// twice (issue 13 item 9): the field, the value and what is allowed, in words (no patterns), and
// the run the upload already is.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamedFile } from '../../../src-main/contract.ts';
import type { StudioServices } from '../../../src-main/services/services.ts';
import { closeServices, dispatcher, openServices, type TestServices } from './harness.ts';
import { checkTag } from '../../../src-main/store/rows.ts';
import { referenceRoot } from '../../validate/reference.ts';
import { fakeLauncher } from '../runs/helpers.ts';

const EXAMPLE = path.join(referenceRoot(), 'example-reference-data');

let t: TestServices;
let services: StudioServices;

const { call, refusal } = dispatcher(() => services, 'web');

const exampleFiles = (): NamedFile[] =>
  fs.readdirSync(EXAMPLE).sort().map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(EXAMPLE, name))) }));

beforeAll(() => {
  t = openServices('mcs-user-messages-', { withTmp: true, launcher: fakeLauncher().launcher });
  services = t.services;
});

afterAll(() => closeServices(t));

const TAG_RULE = 'one word of at most 64 characters, without spaces or control characters';

describe('a tag with spaces', () => {
  it('is refused by the request naming the field, the value and what a tag may be, in words', async () => {
    const run = await call('runs.importNest', { files: exampleFiles(), name: 'tagged' });
    const e = await refusal('runs.tag', { id: run.id, tag: 'my tag' });
    expect(e).toMatchObject({ code: 'bad-request', field: 'tag', got: '"my tag"', allowed: TAG_RULE });
    expect(e.message).toBe(`tag: got "my tag", allowed: ${TAG_RULE}`);
    expect(e.message).not.toMatch(/\/\^|\\S/); // no regular expression
    const start = await refusal('runs.start', { params: {}, name: 'x', tags: ['ok', 'not ok'] });
    expect(start).toMatchObject({ field: 'tags[1]', got: '"not ok"', allowed: TAG_RULE });
    expect((await call('runs.tag', { id: run.id, tag: 'my-tag' })).tags).toContain('my-tag');
  });

  it('is refused by the store in the same words, with a tag that would do', () => {
    expect(() => checkTag('two words')).toThrow(`a tag must be ${TAG_RULE}: "two words" is not (for example "two-words")`);
    expect(() => checkTag('bell\u0007')).toThrow(`a tag must be ${TAG_RULE}: "bell\\u0007" is not (for example "bell")`);
    expect(() => checkTag('x'.repeat(65))).toThrow(`a tag must be ${TAG_RULE}: it has 65 characters`);
  });
});

describe('the same NEST folder uploaded twice', () => {
  it('is refused (conflict) naming the run it already is; nothing is stored', async () => {
    const before = await call('runs.list', {});
    const e = await refusal('runs.importNest', { files: exampleFiles(), name: 'again' });
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/^this NEST output is already in the database as run \d+ \("tagged", imported /);
    expect(await call('runs.list', {})).toEqual(before);
  });
});
