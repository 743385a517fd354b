import { describeImportFailure } from '../src/load-failure';

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeImportFailure', () => {
  it('says "not installed" when the package itself cannot be found (require and import)', () => {
    const pkg = '@tensorflow/tfjs-node';
    expect(
      describeImportFailure(
        pkg,
        codedError(`Cannot find module '${pkg}'\nRequire stack:\n- x`, 'MODULE_NOT_FOUND'),
      ),
    ).toBe('not installed');
    expect(
      describeImportFailure(
        pkg,
        codedError(`Cannot find package '${pkg}' imported from y`, 'ERR_MODULE_NOT_FOUND'),
      ),
    ).toBe('not installed');
  });

  it('names the missing dependency when the package is there but something it needs is not', () => {
    const reason = describeImportFailure(
      '@tensorflow/tfjs-node',
      codedError("Cannot find module 'node-pre-gyp'\nRequire stack:\n- z", 'MODULE_NOT_FOUND'),
    );
    expect(reason).toBe("a dependency is missing (Cannot find module 'node-pre-gyp')");
  });

  it('recognises the missing native addon of tfjs-node', () => {
    const error = new Error(
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: ' +
        'lib/napi-v8/tfjs_binding.node. \nPlease run command ...',
    );
    expect(describeImportFailure('@tensorflow/tfjs-node-gpu', error)).toBe(
      'installed, but its native addon (libtensorflow binding) is missing',
    );
  });

  it('keeps only the first line of any other error, shortened', () => {
    const reason = describeImportFailure('p', new Error(`${'x'.repeat(300)}\nsecond line`));
    expect(reason.startsWith('failed to load (xxx')).toBe(true);
    expect(reason).not.toContain('second line');
    expect(reason.length).toBeLessThan(200);
  });
});
