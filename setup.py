"""Build hook: copy the repository's inputs into the package as ``jzanalysis/_bundle/``.

Everything else is declared in ``pyproject.toml``. The repository files stay the only copy that people
edit (the plan folders ``data/plans/*/``, ``data/raw/*``, ``notebooks/*.ipynb``, the
list in ``jzanalysis.paths.BUNDLED``); ``MANIFEST.in`` puts them in the sdist so that a wheel built from
the sdist (``python -m build``) carries them too. ``tests/test_packaging.py`` checks that a built wheel's
copies are byte-identical to the repository's.
"""

import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = ("data/plans/*/*.yaml", "data/plans/*/raw/*", "data/raw/*", "notebooks/*.ipynb")


class BuildWithInputs(build_py):
    """``build_py`` that also copies the inputs listed in :data:`BUNDLED` to ``jzanalysis/_bundle``."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "jzanalysis", "_bundle")
        copied = 0
        for pattern in BUNDLED:
            for src in sorted(glob.glob(os.path.join(HERE, pattern))):
                if not os.path.isfile(src):
                    continue
                rel = os.path.relpath(src, HERE)
                dst = os.path.join(target, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
                copied += 1
        if not os.path.isfile(os.path.join(target, "data", "plans", "jinzhong-14", "plan.yaml")):
            raise SystemExit("jzanalysis build: data/plans/jinzhong-14/plan.yaml not found next to setup.py; "
                             "build from a checkout or an sdist")
        self.announce(f"jzanalysis: bundled {copied} input files into {target}", level=2)


setup(cmdclass={"build_py": BuildWithInputs})
