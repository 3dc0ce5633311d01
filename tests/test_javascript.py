"""The book's JavaScript, held to the Python's standard: ESLint (pinned in
package.json, configured in eslint.config.mjs) finds nothing, and the unit tests of
the runtime's pure parts (tests/js/*.test.mjs, Node's own test runner) pass. Both run
here so that `./book test` covers them; the README says how to run them alone."""

from pathlib import Path
import shutil
import subprocess

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"


def _run(args):
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return result.returncode, f"$ {' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"


def test_eslint_finds_nothing():
    # The local, pinned binary: npx would fetch whatever is newest when it is missing.
    if not ESLINT.exists():
        pytest.fail(f"{ESLINT.relative_to(ROOT)} is missing: run `npm ci` (./book test does)")
    code, output = _run([ESLINT, "--max-warnings", "0", "."])
    assert code == 0, output


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js is required (the book's set-up needs it for npm too)"
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files, "no tests/js/*.test.mjs found"
    code, output = _run([node, "--test", "--test-reporter=spec", *files])
    assert code == 0, output
