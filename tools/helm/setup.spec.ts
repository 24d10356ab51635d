import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadStackConfig } from '../stack/config.ts';
import { StackError } from '../stack/errors.ts';
import { goToolModule, HELM } from '../stack/go-tools.ts';
import { kubernetesValidateHome, pinnedKubernetesValidate, REQUIREMENTS } from './setup.ts';

describe('the pinned chart tools', () => {
  const config = loadStackConfig({});

  it('builds helm from helm.sh/helm/v4 v4.3.2', () => {
    assert.deepEqual(goToolModule(HELM, config), {
      toolPackage: 'helm.sh/helm/v4/cmd/helm',
      version: 'v4.3.2',
    });
  });

  it('installs kubernetes-validate 1.37.0 (it bundles the Kubernetes 1.33 and 1.34 schemas) under .meridian/python', () => {
    const requirements = readFileSync(join(config.root, REQUIREMENTS), 'utf8');
    const version = pinnedKubernetesValidate(requirements, REQUIREMENTS);
    assert.equal(version, '1.37.0');
    assert.equal(
      kubernetesValidateHome(config, version),
      join(config.home, 'python', 'kubernetes-validate-1.37.0'),
    );
  });

  it('names the requirements file when it pins no kubernetes-validate', () => {
    assert.throws(
      () => pinnedKubernetesValidate('PyYAML==6.0.4\n', 'tools/helm/requirements.txt'),
      (error: unknown) =>
        error instanceof StackError &&
        error.message === 'tools/helm/requirements.txt pins no kubernetes-validate==<version>.',
    );
  });
});
